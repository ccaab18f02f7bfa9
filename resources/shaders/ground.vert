#version 130
// Flat base plane under the city (no terrain): an upward-facing grid, so its
// light is the same everywhere; lit and hazed here, per vertex (the grid is
// fine enough for the haze to look smooth). The result equals terrain.frag's with no image (its haze is
// interpolated per vertex too), with one varying instead of six and nothing
// left for a software rasteriser to compute per pixel.

uniform vec3 u_sunDir;       // from the scene root
uniform vec3 u_fogColor;     // from the scene root
uniform float u_fogDensity;  // per metre (from the scene root)
uniform vec3 u_baseColor;    // ground colour

out vec3 v_color;

void main()
{
    float sun = max(u_sunDir.z, 0.0);            // normal (0, 0, 1)
    float light = 0.42 + 0.18 + 0.52 * sun;      // full sky
    vec4 eye = gl_ModelViewMatrix * gl_Vertex;
    float d = length(eye.xyz) * u_fogDensity;
    v_color = mix(u_fogColor, min(u_baseColor * light, vec3(1.0)), exp(-d * d)); // 1 = no haze
    gl_Position = gl_ModelViewProjectionMatrix * gl_Vertex;
}
