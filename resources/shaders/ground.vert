#version 130
// Ground plane under the city: flat colour, hazed like the buildings.

uniform float u_fogDensity;  // per metre

out float v_fog;             // 1 = no haze

void main()
{
    vec4 eye = gl_ModelViewMatrix * gl_Vertex;
    float d = length(eye.xyz) * u_fogDensity;
    v_fog = exp(-d * d);
    gl_Position = gl_ModelViewProjectionMatrix * gl_Vertex;
}
