# Sourced by ./scripts/build and ./scripts/serve: the engine chosen, and the environment that runs it.
#   --engine NAME or TOOLKIT_ENGINE=NAME: properdocs (the default: README, "Engines"), mkdocs or zensical.
# Sets ENGINE, ENGINE_VENV (the folder ./scripts/setup --engine NAME makes) and ARGS (the other options).
ENGINE=${TOOLKIT_ENGINE:-properdocs}
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --engine) ENGINE=${2:?--engine needs a name: mkdocs, properdocs or zensical}; shift 2 ;;
    --engine=*) ENGINE=${1#--engine=}; shift ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
case "$ENGINE" in
  mkdocs) ENGINE_VENV=.venv ;;
  properdocs) ENGINE_VENV=.venv-properdocs ;;
  zensical) ENGINE_VENV=.venv-zensical ;;
  *) echo "error: unknown engine '$ENGINE': choose mkdocs, properdocs or zensical" >&2; exit 2 ;;
esac
./scripts/setup --engine "$ENGINE"
