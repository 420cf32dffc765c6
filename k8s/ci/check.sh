#!/usr/bin/env bash
# Checks the Kubernetes packaging. It lints the helm chart and renders it
# with default and non-default values, then checks that the plain manifests
# match a fresh render. RenderedManifestsTest validates every render against
# the fabric8 model classes and the Pod Security, RBAC and reference rules.
# Last, it runs the native build steps of the three services and aegis-certs.
#
# Usage: k8s/ci/check.sh [--update] [--skip-native]
#   --update       rewrite k8s/manifests/ from the chart instead of failing
#   --skip-native  skip the native build steps (about 100 s on 2 cores)
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
k8s="$root/k8s"
chart="$k8s/charts/aegis"
rendered="$k8s/target/rendered"
update=false
native=true
for argument in "$@"; do
    case "$argument" in
        --update) update=true ;;
        --skip-native) native=false ;;
        *) echo "check.sh: unknown option '$argument'; use --update or --skip-native" >&2; exit 2 ;;
    esac
done

step() { printf '\n== %s\n' "$*"; }
fail() { echo "check.sh: $*" >&2; exit 1; }

step "fetch helm"
helm="$("$k8s/ci/fetch-helm.sh")"
"$helm" version --short

step "lint the chart with default and non-default values"
"$helm" lint --strict "$chart" >/dev/null
for values in "$k8s"/ci/values/*.yaml; do
    "$helm" lint --strict "$chart" -f "$values" >/dev/null || fail "helm lint failed with $(basename "$values")"
done
echo "lint passed for defaults and $(ls "$k8s"/ci/values/*.yaml | wc -l) value files"

step "reject invalid values through values.schema.json"
for invalid in securityContext.runAsUser=0 safe.store.kind=disk certificates.mode=manual \
        certificates.validity=90d notary.replicas=0 unknownKey=1; do
    if "$helm" template aegis "$chart" --set "$invalid" >/dev/null 2>&1; then
        fail "helm template accepted the invalid value $invalid"
    fi
done
echo "every invalid value was rejected"

step "render into ${rendered#"$root"/}"
rm -rf "$rendered"
mkdir -p "$rendered"
"$helm" template aegis "$chart" >"$rendered/default.yaml"
for values in "$k8s"/ci/values/*.yaml; do
    "$helm" template aegis "$chart" -f "$values" >"$rendered/$(basename "$values")"
done
ls "$rendered"

step "compare k8s/manifests/ with a fresh render of the defaults"
# kubectl apply -f k8s/manifests/ reads the files in name order, so the
# namespace file sorts first.
header="# Rendered from k8s/charts/aegis with default values by k8s/ci/check.sh --update; do not edit."
fresh="$(mktemp -d)"
trap 'rm -rf "$fresh"' EXIT
{ echo "$header"; "$helm" template aegis "$chart"; } >"$fresh/10-aegis.yaml"
{ echo "$header"; echo "# The namespace, for kubectl users; helm users pass --create-namespace instead."
  "$helm" template aegis "$chart" --set namespace.create=true --show-only templates/namespace.yaml; } >"$fresh/00-namespace.yaml"
if $update; then
    mkdir -p "$k8s/manifests"
    cp "$fresh/00-namespace.yaml" "$fresh/10-aegis.yaml" "$k8s/manifests/"
    echo "updated k8s/manifests/"
else
    for file in 00-namespace.yaml 10-aegis.yaml; do
        diff -u "$k8s/manifests/$file" "$fresh/$file" \
            || fail "k8s/manifests/$file differs from the chart; run k8s/ci/check.sh --update and commit the result"
    done
    echo "k8s/manifests/ matches the chart"
fi

step "validate every render (RenderedManifestsTest, ChartBehaviourTest)"
cd "$root"
# -am builds aegis-common in the same reactor instead of installing it.
./mvnw -B -q -pl k8s -am test -Dtest='RenderedManifestsTest,ChartBehaviourTest' -Dsurefire.failIfNoSpecifiedTests=false
echo "RenderedManifestsTest and ChartBehaviourTest passed for k8s/manifests, k8s/examples and $(ls "$rendered" | wc -l) renders"

if $native; then
    step "native build steps of safe, notary, sentinel and aegis-certs"
    "$k8s/ci/native-sources.sh"
fi
