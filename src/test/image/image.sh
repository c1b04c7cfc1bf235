#!/usr/bin/env bash
# The operator's image built and started with no registry and no daemon (docs/testing.md, "The
# image"): a Debian root file system with a JRE made by debootstrap is the base, buildah builds the
# repository's Dockerfile on it with the jar of target/, podman starts it.
#
#   image.sh build          makes the base (cached under ~/.cache/ecr-operator/image by a key of
#                           its inputs), imports it, builds the image; prints what it built
#   image.sh bud ARGS...    buildah bud ARGS on that storage (what build runs)
#   image.sh run ARGS...    podman run ARGS, with the flags this kind of machine needs
#   image.sh podman ARGS... podman ARGS, on the storage the image is in
#
# Needs root (debootstrap, and podman with runc), debootstrap, buildah, podman and runc, and a
# Debian mirror (ECR_OPERATOR_DEBIAN_MIRROR, default deb.debian.org).
set -euo pipefail
cd "$(dirname "$0")/../../.."

IMAGE="${ECR_OPERATOR_IMAGE:-localhost/ecr-operator:dev}"
SUITE=bookworm
VARIANT=minbase
PACKAGES=openjdk-17-jre-headless
MIRROR="${ECR_OPERATOR_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/ecr-operator/image"
# vfs: a plain copy per layer, slower and larger than overlay, but it needs nothing of the kernel
# or of the file system under the storage (overlay was not tried).
STORAGE=(--storage-driver vfs)
# runc, not podman's default crun: crun refuses this machine's cgroups ("cgroups in hybrid mode
# not supported, drop all controllers from cgroupv2"); runc runs with cgroup v1 and hybrid.
RUNTIME=(--runtime runc)

podman_() {
  podman "${STORAGE[@]}" "${RUNTIME[@]}" "$@"
}

# buildah bud, then removing what it left behind: the working containers (buildah 1.28 leaves one
# for a stage that is only a FROM, the jar stage, and the failed stage's when a build fails) and
# the images that became untagged (the stages' images, the previous build of the tag). With vfs,
# each is a full copy: 50-400 MB a build.
bud_() {
  local containers images status=0
  containers=$(working_containers)
  images=$(untagged_images)
  # chroot isolation: RUN steps need no namespaces or cgroups of their own.
  buildah "${STORAGE[@]}" bud --isolation chroot "$@" || status=$?
  remove buildah rm "$(comm -13 <(printf '%s\n' "$containers") <(working_containers))"
  remove podman rmi "$(comm -13 <(printf '%s\n' "$images") <(untagged_images))"
  return "$status"
}

working_containers() {
  buildah "${STORAGE[@]}" containers --quiet --noheading --notruncate | sort
}

untagged_images() {
  podman_ images --all --quiet --no-trunc --filter dangling=true | sort -u
}

# remove PROGRAM SUBCOMMAND IDS: IDS one a line, maybe none.
remove() {
  local ids
  mapfile -t ids < <(printf '%s\n' "$3" | sed '/^$/d')
  if [ "${#ids[@]}" -gt 0 ]; then
    "$1" "${STORAGE[@]}" "$2" "${ids[@]}" >/dev/null
  fi
}

# podman run sets the open files and processes limits to its own defaults (1048576 open files)
# unless told otherwise; raising a limit above the hard limit needs CAP_SYS_RESOURCE, which a
# machine that is itself a container may lack ("error setting rlimit type 7: operation not
# permitted", type 6 for processes). So both are given: open files at this shell's hard limit (at
# most 65536), processes at 4096, far above the operator's threads (on one machine, 50000 and more
# failed even under its hard limit of 96369, for a reason not found).
run_() {
  local files processes=4096
  files=$(ulimit -Hn)
  if [ "$files" = unlimited ] || [ "$files" -gt 65536 ]; then
    files=65536
  fi
  if [ "$(ulimit -Hu)" != unlimited ] && [ "$(ulimit -Hu)" -lt "$processes" ]; then
    processes=$(ulimit -Hu)
  fi
  podman_ run --ulimit "nofile=$files:$files" --ulimit "nproc=$processes:$processes" "$@"
}

# The base: a Debian root file system with a JRE, as a tar, keyed by everything it is made from.
# Debian's point releases change its packages under the same key; delete the cache to refresh.
base_tar() {
  local recipe key dir rootfs started
  recipe="debootstrap $(dpkg-query -W -f '${Version}' debootstrap) $(dpkg --print-architecture)"
  recipe+=" --variant=$VARIANT --include=$PACKAGES $SUITE $MIRROR; apt caches and lists removed;"
  recipe+=" / mode 0755"
  key=$(printf '%s' "$recipe" | sha256sum | cut -c1-16)
  dir="$CACHE/$key"
  if [ ! -f "$dir/rootfs.tar" ]; then
    started=$SECONDS
    mkdir -p "$dir"
    rootfs=$(mktemp -d "$dir/rootfs.XXXXXX")
    echo "making the base: $recipe" >&2
    debootstrap --variant="$VARIANT" --include="$PACKAGES" "$SUITE" "$rootfs" "$MIRROR" >"$dir/debootstrap.log" 2>&1 \
      || { tail -n 20 "$dir/debootstrap.log" >&2; rm -rf "$rootfs"; exit 1; }
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    # mktemp made it 0700, and the tar of "." keeps that mode for the image's /: no one but root
    # could reach /usr/bin/java.
    chmod 0755 "$rootfs"
    tar -C "$rootfs" --numeric-owner -cf "$dir/rootfs.tar.part" .
    mv "$dir/rootfs.tar.part" "$dir/rootfs.tar"
    printf '%s\n' "$recipe" >"$dir/recipe"
    rm -rf "$rootfs"
    echo "base made in $((SECONDS - started)) s" >&2
  fi
  printf '%s\n' "$dir/rootfs.tar"
}

build() {
  local started=$SECONDS tar key base
  command -v debootstrap buildah podman runc >/dev/null
  if [ "$(id -u)" != 0 ]; then
    echo "image.sh build needs root: debootstrap, and podman with runc" >&2
    exit 1
  fi
  if [ ! -f target/ecr-operator.jar ]; then
    echo "target/ecr-operator.jar is missing: mvn -B package -DskipTests first" >&2
    exit 1
  fi
  tar=$(base_tar)
  key=$(basename "$(dirname "$tar")")
  base="localhost/ecr-operator-base:$key"
  if ! podman_ image exists "$base"; then
    # A root file system has no image config: give it the PATH and a UTF-8 locale (C.UTF-8 is in
    # every Debian), as JRE images set them.
    podman_ import --quiet \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'ENV LANG=C.UTF-8' \
      "$tar" "$base" >/dev/null
  fi
  bud_ --quiet --build-arg RUNTIME_IMAGE="$base" --build-arg JAR_FROM=context -t "$IMAGE" . >/dev/null
  echo "base: $base"
  echo "image: $IMAGE"
  podman_ image inspect "$IMAGE" --format \
    'id: {{.Id}}
size: {{.Size}}
user: {{.Config.User}}
entrypoint: {{json .Config.Entrypoint}}
cmd: {{json .Config.Cmd}}'
  echo "built in $((SECONDS - started)) s"
}

case "${1:-}" in
  build) build ;;
  bud) shift; bud_ "$@" ;;
  run) shift; run_ "$@" ;;
  podman) shift; podman_ "$@" ;;
  *)
    echo "usage: image.sh build | bud BUILDAH-BUD-ARGS... | run PODMAN-RUN-ARGS... | podman PODMAN-ARGS..." >&2
    exit 2
    ;;
esac
