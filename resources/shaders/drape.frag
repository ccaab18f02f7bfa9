#version 130
// Line ribbons and area polygons: flat colour, hazed towards the sky colour.

uniform vec3 u_fogColor;
uniform float u_opacity;     // layer opacity; < 1 only in the blended bins

in vec3 v_color;
in float v_fog;

void main()
{
    gl_FragColor = vec4(mix(u_fogColor, v_color, v_fog), u_opacity);
}
