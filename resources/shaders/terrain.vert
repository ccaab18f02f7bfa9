#version 130
// Ground: terrain tiles, flat imagery tiles and the flat base plane. Positions
// are relative to the patch (tile) centre; draped images are addressed by the
// patch-local xy. Compatibility profile (OSG fixed-function build).

uniform float u_fogDensity;  // per metre (from the scene root)
uniform float u_patchSize;   // edge of the patch in metres

out vec2 v_uv;               // 0..1 over the patch, (0, 0) = south-west corner
out vec3 v_normal;           // world (tile transforms are translations only)
out float v_fog;             // 1 = no haze

void main()
{
    v_uv = gl_Vertex.xy / u_patchSize + 0.5;
    v_normal = gl_Normal;
    vec4 eye = gl_ModelViewMatrix * gl_Vertex;
    float d = length(eye.xyz) * u_fogDensity;
    v_fog = exp(-d * d);
    gl_Position = gl_ModelViewProjectionMatrix * gl_Vertex;
}
