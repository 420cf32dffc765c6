#!/usr/bin/env bash
# Runs every native-image build step of the three services and of aegis-certs
# without a GraalVM:
# the parent pom's native-sources profile sets quarkus.native.enabled=true and
# quarkus.native.sources-only=true. The native executable and the container
# images are built on release machines (see the Dockerfiles).
set -euo pipefail
cd "$(dirname "$0")/../.."

start=$(date +%s)
./mvnw -B -q -pl safe,notary,sentinel,k8s -am package -Pnative-sources
echo "native build steps passed for safe, notary, sentinel and aegis-certs in $(( $(date +%s) - start )) s"
