#version 130
// Point icons: a filled disc in the feature colour with a white ring and a
// thin dark rim, so it reads on roofs, roads and sky alike. The depth is the
// anchor's pulled toward the eye (see point.vert).

uniform vec3 u_fogColor;
uniform float u_opacity;     // layer opacity; < 1 only in the blended bins

in vec3 v_color;
in float v_fog;
in float v_selected;
in vec2 v_ndc;
in float v_eyeZ;
in float v_pullTimesHeight;
in float v_size;

/// Viewport height in pixels, from the sprite centre's window position and
/// its NDC (the cameras' viewports start at 0, 0): the axis farther from the
/// low edge gives the better ratio.
float viewportHeight()
{
    vec2 centre = gl_FragCoord.xy + vec2(0.5 - gl_PointCoord.x, gl_PointCoord.y - 0.5) * v_size;
    vec2 span = v_ndc + 1.0;
    float aspect = gl_ProjectionMatrix[1][1] / gl_ProjectionMatrix[0][0]; // width / height
    float h = span.y >= span.x ? 2.0 * centre.y / max(span.y, 1e-4)
                               : 2.0 * centre.x / max(span.x, 1e-4) / aspect;
    return max(span.x, span.y) > 0.02 ? clamp(h, 16.0, 16384.0) : 1080.0;
}

void main()
{
    vec2 p = gl_PointCoord * 2.0 - 1.0;
    float r = length(p);
    if (r > 1.0)
        discard;
    vec3 ring = mix(vec3(1.0), vec3(1.0, 0.78, 0.15), v_selected);
    vec3 c = r > 0.86 ? vec3(0.15) : (r > 0.62 ? ring : v_color);
    gl_FragColor = vec4(mix(u_fogColor, c, v_fog), u_opacity);

    // Never nearer than a tenth of the anchor's depth.
    float z = min(v_eyeZ + v_pullTimesHeight / viewportHeight(), 0.1 * v_eyeZ);
    float ndcZ = (gl_ProjectionMatrix[2][2] * z + gl_ProjectionMatrix[3][2]) / -z;
    gl_FragDepth = clamp(0.5 * (gl_DepthRange.diff * ndcZ + gl_DepthRange.near + gl_DepthRange.far), 0.0, 1.0);
}
