#!/bin/sh
# The aegis command of the JVM-mode Sentinel image: runs the CLI's jar with
# the arguments given, so `kubectl exec ... -- aegis -l` works as with the
# native image.
exec java -XX:MaxRAMPercentage=75 -XX:TieredStopAtLevel=1 \
    -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -jar /deployments/quarkus-run.jar "$@"
