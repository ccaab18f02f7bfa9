#version 130
// Ground: base colour, up to four draped images (bottom first) blended with
// their alpha times the layer opacity, lit like the buildings, hazed.
// IMAGE_COUNT (0..4) is defined by the program that compiles this source (one
// program per count): a software rasteriser runs both sides of a branch, so a
// runtime count would sample four images for every ground fragment.

uniform vec3 u_sunDir;       // from the scene root
uniform vec3 u_fogColor;     // from the scene root
uniform vec3 u_baseColor;    // ground where no image covers it
uniform sampler2D u_image0;
uniform sampler2D u_image1;
uniform sampler2D u_image2;
uniform sampler2D u_image3;
uniform vec4 u_texXform0;    // uv * xy + zw: patch uv to texel-centre uv
uniform vec4 u_texXform1;
uniform vec4 u_texXform2;
uniform vec4 u_texXform3;
uniform float u_opacity0;
uniform float u_opacity1;
uniform float u_opacity2;
uniform float u_opacity3;

in vec2 v_uv;
in vec3 v_normal;
in float v_fog;

vec3 drape(vec3 below, sampler2D image, vec4 xform, float opacity)
{
    vec4 t = texture2D(image, v_uv * xform.xy + xform.zw);
    return mix(below, t.rgb, t.a * opacity);
}

void main()
{
    vec3 c = u_baseColor;
#if IMAGE_COUNT > 0
    c = drape(c, u_image0, u_texXform0, u_opacity0);
#endif
#if IMAGE_COUNT > 1
    c = drape(c, u_image1, u_texXform1, u_opacity1);
#endif
#if IMAGE_COUNT > 2
    c = drape(c, u_image2, u_texXform2, u_opacity2);
#endif
#if IMAGE_COUNT > 3
    c = drape(c, u_image3, u_texXform3, u_opacity3);
#endif
    vec3 n = normalize(v_normal);
    float sun = max(dot(n, u_sunDir), 0.0);
    float sky = 0.5 + 0.5 * n.z;
    float light = 0.42 + 0.18 * sky + 0.52 * sun;
    gl_FragColor = vec4(mix(u_fogColor, min(c * light, vec3(1.0)), v_fog), 1.0);
}
