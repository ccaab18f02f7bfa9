#version 130
// Point icons: a filled disc in the feature colour with a white ring and a
// thin dark rim, so it reads on roofs, roads and sky alike.

uniform vec3 u_fogColor;
uniform float u_opacity;     // layer opacity; < 1 only in the blended bins

in vec3 v_color;
in float v_fog;
in float v_selected;

void main()
{
    vec2 p = gl_PointCoord * 2.0 - 1.0;
    float r = length(p);
    if (r > 1.0)
        discard;
    vec3 ring = mix(vec3(1.0), vec3(1.0, 0.78, 0.15), v_selected);
    vec3 c = r > 0.86 ? vec3(0.15) : (r > 0.62 ? ring : v_color);
    gl_FragColor = vec4(mix(u_fogColor, c, v_fog), u_opacity);
}
