#version 130
// Point icons: one GL_POINTS vertex per feature, drawn as a sprite of a
// constant pixel size whatever the distance. Colour and visibility from the
// layer's feature-state texture. Compatibility profile, like building.vert.

uniform sampler2D u_state;   // RGBA8: rgb colour, a = flags (1 visible, 2 selected)
uniform int u_stateWidth;    // texels per row
uniform float u_fogDensity;  // per metre
uniform float u_pointSize;   // icon diameter in pixels

in float a_featureId;        // layer-local feature index

out vec3 v_color;
out float v_fog;             // 1 = no haze
out float v_selected;

void main()
{
    int id = int(a_featureId + 0.5);
    vec4 state = texelFetch(u_state, ivec2(id % u_stateWidth, id / u_stateWidth), 0);
    int flags = int(state.a * 255.0 + 0.5);
    if ((flags & 1) == 0) {
        gl_Position = vec4(0.0, 0.0, 2.0, 1.0); // beyond the far plane: clipped
        gl_PointSize = 1.0;
        v_color = vec3(0.0);
        v_fog = 1.0;
        v_selected = 0.0;
        return;
    }
    v_selected = float((flags & 2) != 0);
    v_color = state.rgb;
    gl_PointSize = u_pointSize * (1.0 + 0.35 * v_selected);

    vec4 eye = gl_ModelViewMatrix * gl_Vertex;
    float d = length(eye.xyz) * u_fogDensity;
    v_fog = max(exp(-d * d), 0.5); // icons stay readable in the haze
    gl_Position = gl_ModelViewProjectionMatrix * gl_Vertex;
}
