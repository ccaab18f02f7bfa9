#version 130
// Line ribbons and area polygons draped on the ground: colour and visibility
// from the layer's feature-state texture. A level surface shows its colour
// as set (no wall-foot darkening, no sun falloff); slopes of draped terrain
// shade a little so hills still read. Compatibility profile, like building.vert.

uniform sampler2D u_state;   // RGBA8: rgb colour, a = flags (1 visible, 2 selected)
uniform int u_stateShift;    // texels per row = 1 << u_stateShift
uniform vec3 u_sunDir;       // world, unit, pointing towards the sun
uniform float u_fogDensity;  // per metre

in float a_featureId;        // layer-local feature index

out vec3 v_color;
out float v_fog;             // 1 = no haze

void main()
{
    int id = int(a_featureId + 0.5);
    vec4 state = texelFetch(u_state, ivec2(id & ((1 << u_stateShift) - 1), id >> u_stateShift), 0);
    int flags = int(state.a * 255.0 + 0.5);
    if ((flags & 1) == 0) {
        gl_Position = vec4(0.0, 0.0, 2.0, 1.0); // beyond the far plane: clipped
        v_color = vec3(0.0);
        v_fog = 1.0;
        return;
    }

    vec3 n = normalize(gl_Normal);
    float light = clamp(1.0 + 0.6 * (dot(n, u_sunDir) - u_sunDir.z), 0.6, 1.15);
    vec3 base = state.rgb;
    if ((flags & 2) != 0)
        base = mix(base, vec3(1.0, 0.78, 0.15), 0.65);
    v_color = min(base * light, vec3(1.0));

    vec4 eye = gl_ModelViewMatrix * gl_Vertex;
    float d = length(eye.xyz) * u_fogDensity;
    v_fog = exp(-d * d);
    gl_Position = gl_ModelViewProjectionMatrix * gl_Vertex;
}
