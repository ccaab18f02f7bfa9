# Sensor widgets: alerts dock, time bar, charts, feed status, import, feature info.
target_sources(citytwin_app PRIVATE
)
