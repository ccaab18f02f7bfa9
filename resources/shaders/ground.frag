#version 130
// Ground plane under the city.

uniform vec3 u_groundColor;
uniform vec3 u_fogColor;

in float v_fog;

void main()
{
    gl_FragColor = vec4(mix(u_fogColor, u_groundColor, v_fog), 1.0);
}
