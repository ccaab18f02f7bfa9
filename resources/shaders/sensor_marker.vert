#version 130
// Sensor markers: one GL_POINTS vertex per sensor, a sprite of a constant
// pixel size. gl_Color carries the status colour; alpha < 0.5 marks a stale
// sensor (grey, 70 % size). Compatibility profile, like building.vert.

uniform float u_markerSize;  // icon diameter of a fresh marker in pixels

out vec3 v_color;

void main()
{
    bool stale = gl_Color.a < 0.5;
    v_color = stale ? vec3(0.62) : gl_Color.rgb;
    gl_PointSize = u_markerSize * (stale ? 0.7 : 1.0);
    gl_Position = gl_ModelViewProjectionMatrix * gl_Vertex;
}
