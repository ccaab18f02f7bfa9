#include "FeatureGeometry.h"

#include "Shaders.h"

namespace citytwin::render {

osg::ref_ptr<osg::Geometry> featureMeshGeometry(const char* name, osg::Vec3Array* positions,
                                                osg::Vec3Array* normals, osg::FloatArray* ids,
                                                osg::DrawElementsUInt* triangles) {
    osg::ref_ptr<osg::Geometry> geom = new osg::Geometry;
    geom->setName(name);
    geom->setDataVariance(osg::Object::STATIC);
    geom->setUseDisplayList(false);
    geom->setUseVertexBufferObjects(true);
    geom->setVertexArray(positions);
    geom->setNormalArray(normals, osg::Array::BIND_PER_VERTEX);
    geom->setVertexAttribArray(kFeatureIdAttribute, ids, osg::Array::BIND_PER_VERTEX);
    geom->addPrimitiveSet(triangles);
    osg::BoundingBox box;
    for (const osg::Vec3& p : *positions) box.expandBy(p);
    geom->setInitialBound(box);
    geom->getBound(); // compute now, on the worker, not in the first cull
    return geom;
}

} // namespace citytwin::render
