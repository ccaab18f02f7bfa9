#version 130
// Buildings: colour and visibility from the layer's feature-state texture,
// simple sun + sky lighting. Compatibility profile (OSG fixed-function build):
// gl_Vertex / gl_Normal / gl_ModelViewProjectionMatrix come from OSG.
// Tile transforms are translations only, so gl_Normal is a world normal.

const vec3 kHighlight = vec3(1.0, 0.78, 0.15); // selected features, mixed in at 65 %

#ifdef SHARED_STATE
// Every feature of the layer is visible and looks the same: its state is in
// uniforms, with no per-vertex texture read, the costliest part of this
// shader on a software rasteriser.
uniform vec3 u_sharedColor;
uniform float u_sharedSelected; // 1 when every feature is selected, else 0
#else
uniform sampler2D u_state;   // RGBA8: rgb colour, a = flags (1 visible, 2 selected)
uniform int u_stateShift;    // texels per row = 1 << u_stateShift
#endif
uniform vec3 u_sunDir;       // world, unit, pointing towards the sun
uniform float u_fogDensity;  // per metre
uniform vec3 u_fogColor;

in float a_featureId;        // layer-local feature index

// Lit here, per vertex. Walls share their corner vertices: a wall's colour
// is its triangles' provoking (last) vertex's, whose normal is that wall's
// (see gis::extrudeFootprint), so it is flat. Shade and haze vary along the
// wall and are interpolated: two varyings for a software rasteriser to set
// up per triangle and interpolate per pixel.
flat out vec3 v_lit;
out vec2 v_shadeHaze;     // x: foot darkening, y: 1 = no haze

void main()
{
#ifdef SHARED_STATE
    vec3 base = mix(u_sharedColor, kHighlight, 0.65 * u_sharedSelected);
#else
    int id = int(a_featureId + 0.5);
    vec4 state = texelFetch(u_state, ivec2(id & ((1 << u_stateShift) - 1), id >> u_stateShift), 0);
    int flags = int(state.a * 255.0 + 0.5);
    // Hidden: every vertex of the feature lands on one point beyond the far
    // plane, so its triangles are clipped away. (No branches: a software
    // rasteriser shades vertices eight at a time under execution masks.)
    bool hidden = (flags & 1) == 0;
    vec3 base = mix(state.rgb, kHighlight, (flags & 2) != 0 ? 0.65 : 0.0); // selected
#endif

    vec3 n = normalize(gl_Normal);
    float sun = max(dot(n, u_sunDir), 0.0);
    float sky = 0.5 + 0.5 * n.z;                 // hemisphere: roofs see more sky
    float light = 0.42 + 0.18 * sky + 0.52 * sun;
    // A little darkening at the foot of walls reads as ambient occlusion.
    float foot = (n.z < 0.5) ? clamp(0.82 + gl_Vertex.z / 40.0, 0.82, 1.0) : 1.0;
    vec4 eye = gl_ModelViewMatrix * gl_Vertex;
    float d = length(eye.xyz) * u_fogDensity;
    v_lit = base * light;
    v_shadeHaze = vec2(foot, exp(-d * d));
    gl_Position = gl_ModelViewProjectionMatrix * gl_Vertex;
#ifndef SHARED_STATE
    gl_Position = hidden ? vec4(0.0, 0.0, 2.0, 1.0) : gl_Position;
#endif
}
