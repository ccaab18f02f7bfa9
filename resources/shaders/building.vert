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

// Lit and hazed here, per vertex, and drawn flat: a triangle takes its
// provoking (last) vertex's colour. Walls share their corner vertices, and
// that vertex carries the wall's own normal (see gis::extrudeFootprint).
// Nothing is interpolated: on a software rasteriser each interpolated value
// costs setup per triangle and work per pixel. Interpolating the haze, or a
// shade towards the foot of walls, cost 4-6 % of the frame at 1280x720
// there; building triangles are small enough for haze per triangle.
flat out vec3 v_color;

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
    vec4 eye = gl_ModelViewMatrix * gl_Vertex;
    float d = length(eye.xyz) * u_fogDensity;
    float clear = exp(-d * d); // 1 = no haze
    v_color = mix(u_fogColor, min(base * light, vec3(1.0)), clear);
    gl_Position = gl_ModelViewProjectionMatrix * gl_Vertex;
#ifndef SHARED_STATE
    gl_Position = hidden ? vec4(0.0, 0.0, 2.0, 1.0) : gl_Position;
#endif
}
