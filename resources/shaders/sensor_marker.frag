#version 130
// Sensor markers: a shape per marker group (u_shape: 0 circle, 1 square,
// 2 diamond, 3 triangle, 4 hexagon) filled with the status colour, a white
// ring and a thin dark rim, so kinds read apart and icons read on any
// background. Not hazed: sensors stay legible at any distance.

uniform int u_shape;

in vec3 v_color;

/// 1 on the shape's outline, < 1 inside, for p in [-1, 1]^2 (y up).
float gauge(vec2 p)
{
    vec2 a = abs(p);
    if (u_shape == 1) return max(a.x, a.y) / 0.85;
    if (u_shape == 2) return a.x + a.y;
    if (u_shape == 3) {
        // Equilateral, apex up, apothem 0.57, centred in the sprite.
        vec2 q = p + vec2(0.0, 0.285);
        float d = max(-q.y, max(dot(q, vec2(0.8660254, 0.5)), dot(q, vec2(-0.8660254, 0.5))));
        return d / 0.57;
    }
    if (u_shape == 4) {
        float d = max(a.x, max(abs(dot(p, vec2(0.5, 0.8660254))), abs(dot(p, vec2(-0.5, 0.8660254)))));
        return d / 0.92;
    }
    return length(p);
}

void main()
{
    vec2 p = vec2(gl_PointCoord.x * 2.0 - 1.0, 1.0 - gl_PointCoord.y * 2.0);
    float d = gauge(p);
    if (d > 1.0)
        discard;
    vec3 c = d > 0.84 ? vec3(0.15) : (d > 0.62 ? vec3(1.0) : v_color);
    gl_FragColor = vec4(c, 1.0);
}
