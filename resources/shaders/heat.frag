#version 130
// Heat map mesh: translucent colour, hazed towards the sky colour.

uniform vec3 u_fogColor;

in vec4 v_color;
in float v_fog;

void main()
{
    gl_FragColor = vec4(mix(u_fogColor, v_color.rgb, v_fog), v_color.a);
}
