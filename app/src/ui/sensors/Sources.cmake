# Sensor widgets: alerts dock, time bar, charts, feed status, import, binding,
# settings, feature info.
find_package(Qt6 REQUIRED COMPONENTS Charts)
target_sources(citytwin_app PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/SensorUi.h
  ${CMAKE_CURRENT_LIST_DIR}/SensorUi.cpp
  ${CMAKE_CURRENT_LIST_DIR}/AlertsDockWidget.h
  ${CMAKE_CURRENT_LIST_DIR}/AlertsDockWidget.cpp
  ${CMAKE_CURRENT_LIST_DIR}/TimeBar.h
  ${CMAKE_CURRENT_LIST_DIR}/TimeBar.cpp
  ${CMAKE_CURRENT_LIST_DIR}/SensorChartPanel.h
  ${CMAKE_CURRENT_LIST_DIR}/SensorChartPanel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/FeedStatusPanel.h
  ${CMAKE_CURRENT_LIST_DIR}/FeedStatusPanel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/SensorLayerChoice.h
  ${CMAKE_CURRENT_LIST_DIR}/SensorImportDialog.h
  ${CMAKE_CURRENT_LIST_DIR}/SensorImportDialog.cpp
  ${CMAKE_CURRENT_LIST_DIR}/SensorTableSource.h
  ${CMAKE_CURRENT_LIST_DIR}/SensorTableSource.cpp
  ${CMAKE_CURRENT_LIST_DIR}/SensorPropertiesDialog.h
  ${CMAKE_CURRENT_LIST_DIR}/SensorPropertiesDialog.cpp
  ${CMAKE_CURRENT_LIST_DIR}/BindSensorsDialog.h
  ${CMAKE_CURRENT_LIST_DIR}/BindSensorsDialog.cpp
  ${CMAKE_CURRENT_LIST_DIR}/SensorSettingsDialog.h
  ${CMAKE_CURRENT_LIST_DIR}/SensorSettingsDialog.cpp
  ${CMAKE_CURRENT_LIST_DIR}/Sparkline.h
  ${CMAKE_CURRENT_LIST_DIR}/Sparkline.cpp
  ${CMAKE_CURRENT_LIST_DIR}/FeatureInfoPanel.h
  ${CMAKE_CURRENT_LIST_DIR}/FeatureInfoPanel.cpp
)
target_link_libraries(citytwin_app PUBLIC Qt6::Charts)
