#version 130
// Buildings: one lit and hazed colour per triangle, from the vertex shader.

uniform float u_opacity;     // layer opacity; < 1 only in the blended bins

flat in vec3 v_color;

void main()
{
    gl_FragColor = vec4(v_color, u_opacity);
}
