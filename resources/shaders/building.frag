#version 130
// Buildings: the wall's or roof's lit colour (flat), shaded towards the foot
// of walls and hazed with distance (both interpolated).

uniform float u_opacity;     // layer opacity; < 1 only in the blended bins
uniform vec3 u_fogColor;

flat in vec3 v_lit;
in vec2 v_shadeHaze;

void main()
{
    vec3 shaded = min(v_lit * v_shadeHaze.x, vec3(1.0));
    gl_FragColor = vec4(mix(u_fogColor, shaded, v_shadeHaze.y), u_opacity);
}
