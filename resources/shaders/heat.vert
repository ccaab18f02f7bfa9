#version 130
// Heat map mesh: per-vertex colour and alpha (gl_Color) from the IDW grid,
// hazed like the layers. Compatibility profile, like building.vert.

uniform float u_fogDensity;  // per metre (from the scene root)

out vec4 v_color;
out float v_fog;             // 1 = no haze

void main()
{
    v_color = gl_Color;
    vec4 eye = gl_ModelViewMatrix * gl_Vertex;
    float d = length(eye.xyz) * u_fogDensity;
    v_fog = exp(-d * d);
    gl_Position = gl_ModelViewProjectionMatrix * gl_Vertex;
}
