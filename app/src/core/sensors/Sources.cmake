# The live city's sensor session (app core): hub, feeds, clock, alerts, replay.
target_sources(citytwin_app PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/SensorSession.h
)
