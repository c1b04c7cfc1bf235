#!/usr/bin/env bash
# The real Kubernetes API server of the tests (docs/testing.md, layer 5).
#
#   cluster.sh build            build kube-apiserver, kubectl, kube-launcher, helm and promtool
#                               once (cached), print the time it took and, last, "bin: DIR"
#   cluster.sh start [ARGS...]  build if needed, then run kube-launcher ARGS in the foreground:
#                               etcd and kube-apiserver on 127.0.0.1, one kubeconfig per
#                               identity; Ctrl-C stops both (kube-launcher -h lists ARGS)
#
# The binaries are built from the Kubernetes release that go.mod pins and kept in
# $ECR_OPERATOR_KUBE_CACHE (default ~/.cache/ecr-operator/kube), in a folder named after the
# hash of go.mod and go.sum; kube-launcher is rebuilt when its source changes. helm (the chart's
# tests) and promtool (the alerting rules' tests) are built from their own Go modules at the
# versions pinned below, into the same folder.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${ECR_OPERATOR_KUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ecr-operator/kube}"

hash_of() { cat "$@" | sha256sum | cut -c1-16; }
release_key=$(hash_of "$here/go.mod" "$here/go.sum")
launcher_key=$(hash_of "$here/go.mod" "$here/go.sum" "$here"/launcher/*.go)
bin="$cache/$release_key/bin"

# The version kube-apiserver and kubectl report, as the Kubernetes release build stamps it.
version=$(awk '$1 == "k8s.io/kubernetes" { print $2; exit }' "$here/go.mod")
minor=$(echo "$version" | cut -d. -f2)
stamp=""
for pkg in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
  stamp+=" -X $pkg.gitVersion=$version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  stamp+=" -X $pkg.gitTreeState=clean"
done

build() {
  mkdir -p "$bin"
  cd "$here"
  if [ ! -x "$bin/kube-apiserver" ] || [ ! -x "$bin/kubectl" ]; then
    echo "building kube-apiserver and kubectl $version (a cold build takes many minutes)" >&2
    local start=$SECONDS
    # -s -w: no symbol tables, which roughly halves the link's time and memory.
    go build -trimpath -ldflags "-s -w$stamp" -o "$bin.tmp/" \
      k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kubectl
    mv "$bin.tmp/kube-apiserver" "$bin.tmp/kubectl" "$bin/" && rmdir "$bin.tmp"
    echo "built kube-apiserver and kubectl in $((SECONDS - start)) s" >&2
  fi
  if [ "$(cat "$bin/kube-launcher.key" 2>/dev/null)" != "$launcher_key" ]; then
    local start=$SECONDS
    go build -trimpath -ldflags "-s -w" -o "$bin/kube-launcher" ./launcher
    echo "$launcher_key" > "$bin/kube-launcher.key"
    echo "built kube-launcher in $((SECONDS - start)) s" >&2
  fi
  tool "$helm_module" "$helm_version" helm
  tool "$promtool_module" "$promtool_version" promtool
  echo "bin: $bin"
}

# A tool from its Go module at a pinned version, rebuilt when the pin changes.
helm_module=helm.sh/helm/v4/cmd/helm
helm_version=v4.3.2
promtool_module=github.com/prometheus/prometheus/cmd/promtool
promtool_version=v0.316.0
tool() {
  local module="$1" version="$2" name="$3"
  if [ "$(cat "$bin/$name.key" 2>/dev/null)" != "$module@$version" ] || [ ! -x "$bin/$name" ]; then
    local start=$SECONDS
    GOBIN="$bin" GOFLAGS=-trimpath go install -ldflags "-s -w" "$module@$version"
    echo "$module@$version" > "$bin/$name.key"
    echo "built $name $version in $((SECONDS - start)) s" >&2
  fi
}

case "${1:-}" in
  build)
    build
    ;;
  start)
    shift
    build >/dev/null
    exec "$bin/kube-launcher" "$@"
    ;;
  *)
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
