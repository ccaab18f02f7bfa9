#version 130
// Flat base plane under the city: lit and hazed colour from the vertex shader.

in vec3 v_color;

void main()
{
    gl_FragColor = vec4(v_color, 1.0);
}
