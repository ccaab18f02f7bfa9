# Sensor widget tests (under Xvfb): alerts dock, time bar, chart, feed status,
# import (CSV, GeoJSON, OGR layers), properties, bind and settings dialogs,
# feature info, each driven with a real SensorSession over a temporary
# history file (the bind and settings tests also drive the main window).
citytwin_add_test(test_gui_sensors
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/test_gui_sensors_main.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_gui_sensors_Suites.h
    ${CMAKE_CURRENT_LIST_DIR}/test_gui_sensors_Support.h
    ${CMAKE_CURRENT_LIST_DIR}/test_gui_sensors_Alerts.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_gui_sensors_TimeBar.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_gui_sensors_Chart.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_gui_sensors_Panels.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_gui_sensors_Dialogs.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_gui_sensors_Ogr.cpp
    ${CMAKE_CURRENT_LIST_DIR}/test_gui_sensors_Binding.cpp
  LIBS citytwin_app GDAL::GDAL
  LABELS "gui")
