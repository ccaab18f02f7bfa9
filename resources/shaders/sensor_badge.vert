#version 130
// Alert badges: a ring sprite around a marker that grows and fades over
// u_periodSeconds, then starts again.

uniform float u_time;          // seconds
uniform float u_periodSeconds; // one pulse
uniform float u_badgeSize;     // ring diameter at the start of a pulse, pixels

out float v_phase;             // 0 → 1 over a pulse

void main()
{
    v_phase = fract(u_time / max(u_periodSeconds, 0.05));
    gl_PointSize = u_badgeSize * (1.0 + 0.7 * v_phase);
    gl_Position = gl_ModelViewProjectionMatrix * gl_Vertex;
}
