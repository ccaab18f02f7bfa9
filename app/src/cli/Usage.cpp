#include "cli/Commands.h"

#include <cstdio>

namespace citytwin::app {

void printUsage()
{
    std::puts(
        "Usage:\n"
        "  citytwin [--demo] [--broker URL] [FILE...]\n"
        "                                     open the window (on the demo city, on FILEs or a project);\n"
        "                                     --broker mqtt://HOST:PORT (mqtts:// for TLS) feeds live sensors\n"
        "  citytwin render [options] INPUT... render INPUTs (or one PROJECT.citytwin) to a PNG\n"
        "  citytwin import --project P.citytwin INPUT...\n"
        "                                     create or extend a project with layers\n"
        "  citytwin simulate --broker mqtt://HOST:PORT [--traffic-counts FILE.csv | --demo-network N]\n"
        "           [--start ISO-TIME] [--duration SECONDS] [--speed X] [--seed S]\n"
        "                                     publish simulated sensor streams (QoS 1, citytwin/<id>)\n"
        "  citytwin generate --out DIR [--buildings N] [--seed S]\n"
        "                                     write the demo city as GeoPackages\n"
        "  citytwin bench sensors [--seconds N] [--rate R] [--sensors S] [--broker mqtt://HOST:PORT]\n"
        "           [--json FILE]             measure the sensor path: MQTT -> frames -> history\n"
        "  citytwin bench fly [--buildings N | --input FILE] [--seconds S] [--size WxH]\n"
        "           [--budget-mb M] [--json FILE]\n"
        "                                     fly the window through a city, time every frame\n"
        "  citytwin --help | --version\n"
        "\n"
        "Inputs are any GDAL/OGR vector source: a path (GeoPackage, Shapefile, GeoJSON,\n"
        "FlatGeobuf, SpatiaLite, OSM .osm.pbf), a .zip of such files, a /vsizip/ path\n"
        "or a GDAL connection string; rasters (GeoTIFF, .hgt, ...) become terrain or\n"
        "imagery; an OSM extract becomes buildings, roads, water, parks and amenities.\n"
        "\n"
        "render options:\n"
        "  --size WxH            image size in pixels (default 1280x720)\n"
        "  --out FILE.png        output image (default citytwin.png)\n"
        "  --camera LON,LAT,RANGE,HEADING,PITCH\n"
        "                        look at LON,LAT (degrees) from RANGE metres, compass\n"
        "                        HEADING, PITCH below the horizon (negative degrees);\n"
        "                        vertical field of view 30 degrees (default: fit the data)\n"
        "  --frames N            then render N more frames and print frame statistics\n"
        "  --cache FILE          read layer builds from this tile cache and store new ones\n"
        "                        there, as the window does (default: none)\n"
        "\n"
        "Exit status: 0 on success, 1 when an input cannot be read, 2 on bad usage.");
}

void printVersion()
{
    std::printf("citytwin %s\n", CITYTWIN_VERSION);
}

} // namespace citytwin::app
