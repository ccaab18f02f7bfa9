#version 130
// Alert badges: a red ring, fading out as it grows.

in float v_phase;

void main()
{
    vec2 p = gl_PointCoord * 2.0 - 1.0;
    float r = length(p);
    if (r > 1.0 || r < 0.72)
        discard;
    gl_FragColor = vec4(0.92, 0.12, 0.10, 0.95 * (1.0 - v_phase));
}
