#version 130
// Point icons: one GL_POINTS vertex per feature, drawn as a sprite of a
// constant pixel size whatever the distance. Colour and visibility from the
// layer's feature-state texture. Compatibility profile, like building.vert.
//
// A sprite has the depth of its anchor, so the ground in front of the anchor
// (everything below it on screen) would cut its lower half. point.frag pulls
// the whole sprite toward the eye by what the icon's radius spans on a
// ground plane through the anchor at this view angle (less a slope margin),
// so the ground the icon stands on never cuts it while hills and buildings
// well in front still hide it.

uniform sampler2D u_state;   // RGBA8: rgb colour, a = flags (1 visible, 2 selected)
uniform int u_stateShift;    // texels per row = 1 << u_stateShift
uniform float u_fogDensity;  // per metre
uniform float u_pointSize;   // icon diameter in pixels

in float a_featureId;        // layer-local feature index

out vec3 v_color;
out float v_fog;             // 1 = no haze
out float v_selected;
out vec2 v_ndc;              // anchor in normalised device coordinates
out float v_eyeZ;            // anchor eye-space z (negative in front)
out float v_pullTimesHeight; // pull toward the eye in metres, times the viewport height in pixels
out float v_size;            // sprite diameter in pixels

const float kSlopeMarginRad = 0.14; // ~8 degrees: slopes facing away from the eye
const float kMinGroundAngleRad = 0.09;

void main()
{
    int id = int(a_featureId + 0.5);
    vec4 state = texelFetch(u_state, ivec2(id & ((1 << u_stateShift) - 1), id >> u_stateShift), 0);
    int flags = int(state.a * 255.0 + 0.5);
    v_ndc = vec2(0.0);
    v_eyeZ = -1.0;
    v_pullTimesHeight = 0.0;
    if ((flags & 1) == 0) {
        gl_Position = vec4(0.0, 0.0, 2.0, 1.0); // beyond the far plane: clipped
        gl_PointSize = 1.0;
        v_size = 1.0;
        v_color = vec3(0.0);
        v_fog = 1.0;
        v_selected = 0.0;
        return;
    }
    v_selected = float((flags & 2) != 0);
    v_color = state.rgb;
    v_size = u_pointSize * (1.0 + 0.35 * v_selected);
    gl_PointSize = v_size;

    vec4 eye = gl_ModelViewMatrix * gl_Vertex;
    float dist = length(eye.xyz);
    float d = dist * u_fogDensity;
    v_fog = max(exp(-d * d), 0.5); // icons stay readable in the haze
    gl_Position = gl_ModelViewProjectionMatrix * gl_Vertex;
    v_ndc = gl_Position.xy / gl_Position.w;
    v_eyeZ = eye.z;

    // Metres per pixel at the anchor = 2 * depth / (P11 * viewport height);
    // point.frag knows the height. The ground in front of the anchor within
    // the icon's radius r lies r * cot(angle between ray and ground) nearer.
    vec3 up = normalize((gl_ModelViewMatrix * vec4(0.0, 0.0, 1.0, 0.0)).xyz);
    float sinAngle = clamp(-dot(eye.xyz / max(dist, 1e-3), up), 0.0, 1.0);
    float angle = max(asin(sinAngle) - kSlopeMarginRad, kMinGroundAngleRad);
    float radiusTimesHeight = 0.5 * v_size * 2.0 * max(-eye.z, 0.0) / gl_ProjectionMatrix[1][1];
    v_pullTimesHeight = radiusTimesHeight * (1.0 + cos(angle) / sin(angle));
}
