# Sensor widget tests (under Xvfb).
