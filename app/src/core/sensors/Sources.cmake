# The live city's sensor session (app core): hub, feeds, clock, alerts, replay,
# and the binding of sensors to city objects.
target_sources(citytwin_app PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/SensorSession.h
  ${CMAKE_CURRENT_LIST_DIR}/SensorSessionImpl.h
  ${CMAKE_CURRENT_LIST_DIR}/SensorSession.cpp
  ${CMAKE_CURRENT_LIST_DIR}/SensorSessionFeeds.cpp
  ${CMAKE_CURRENT_LIST_DIR}/SimulatorFeed.h
  ${CMAKE_CURRENT_LIST_DIR}/SimulatorFeed.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ReplayFeed.h
  ${CMAKE_CURRENT_LIST_DIR}/ReplayFeed.cpp
  ${CMAKE_CURRENT_LIST_DIR}/SensorBinder.h
  ${CMAKE_CURRENT_LIST_DIR}/SensorBinder.cpp
  ${CMAKE_CURRENT_LIST_DIR}/SensorBinderNearest.cpp
)
