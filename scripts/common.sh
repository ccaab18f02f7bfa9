# Shared by scripts/demo and scripts/test: install what is missing, then build.
# shellcheck shell=bash

CITYTWIN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CITYTWIN_BUILD="${CITYTWIN_BUILD:-$CITYTWIN_ROOT/build}"

# Debian 12 packages needed to build, run and test.
CITYTWIN_PACKAGES=(
  build-essential cmake ninja-build pkg-config
  qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev libqt6sql6-sqlite qt6-charts-dev
  libgl1-mesa-dev libegl-dev libegl1-mesa-dev libgl1-mesa-dri
  libopenscenegraph-dev openscenegraph
  libgdal-dev gdal-bin libproj-dev proj-bin libsqlite3-dev sqlite3
  libmosquitto-dev mosquitto mosquitto-clients nlohmann-json3-dev
  xvfb xauth x11-utils imagemagick fonts-dejavu-core
)

citytwin_install_deps() {
  local missing=()
  local p
  for p in "${CITYTWIN_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing missing packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update && apt-get install -y --no-install-recommends "${missing[@]}"
  else
    echo "Missing Debian packages. Install them with:" >&2
    echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    return 1
  fi
}

citytwin_build() {
  local werror="${CITYTWIN_WERROR:-OFF}"
  cmake -S "$CITYTWIN_ROOT" -B "$CITYTWIN_BUILD" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release -DCITYTWIN_WERROR="$werror" &&
  cmake --build "$CITYTWIN_BUILD" --parallel "$(nproc)"
}
