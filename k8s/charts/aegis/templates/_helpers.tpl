{{/* The namespace every Aegis object lives in. */}}
{{- define "aegis.namespace" -}}
{{- .Values.namespace.name -}}
{{- end -}}

{{/* Labels on every object; pass a dict with "root" (the chart context) and "component". */}}
{{- define "aegis.labels" -}}
app.kubernetes.io/name: aegis-{{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/part-of: aegis
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{/* Labels that select one component's pods; they never change across upgrades. */}}
{{- define "aegis.selectorLabels" -}}
app.kubernetes.io/name: aegis-{{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* The image reference of a component; pass a dict with "root" and "image" (the component's image values). */}}
{{- define "aegis.image" -}}
{{- $registry := .root.Values.image.registry -}}
{{- $tag := .image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- if $registry -}}
{{- printf "%s/%s:%s" (trimSuffix "/" $registry) .image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* The in-cluster DNS name of a component's Service, such as aegis-safe.aegis-system.svc. */}}
{{- define "aegis.serviceHost" -}}
{{- printf "aegis-%s.%s.svc" .component .root.Values.namespace.name -}}
{{- end -}}

{{/*
Pod-level security settings of the restricted Pod Security Standard. The user and group ids
match the ones the images declare, so that runAsNonRoot can be checked by the kubelet.
*/}}
{{- define "aegis.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsGroup }}
fsGroup: {{ .Values.securityContext.fsGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Container-level security settings of the restricted Pod Security Standard. */}}
{{- define "aegis.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* The pod's imagePullSecrets line, when any are set; pass the chart context. */}}
{{- define "aegis.imagePullSecrets" -}}
{{- with .Values.image.pullSecrets -}}
imagePullSecrets:
{{- range . }}
  - name: {{ . }}
{{- end }}
{{- end -}}
{{- end -}}

{{/* Whether Safe calls the Kubernetes API: for its kubernetes store, or for an automatic root key. */}}
{{- define "aegis.safe.usesApi" -}}
{{- if or (eq .Values.safe.store.kind "kubernetes") (eq .Values.safe.rootKey.mode "auto") -}}true{{- end -}}
{{- end -}}

{{/* The names of the Secrets the certificate job or cert-manager makes. */}}
{{- define "aegis.tlsSecret" -}}
{{- printf "aegis-%s-tls" . -}}
{{- end -}}

{{/* Volumes and mounts every Aegis service uses: its TLS Secret and a writable /tmp. */}}
{{- define "aegis.tlsVolume" -}}
- name: tls
  secret:
    secretName: {{ include "aegis.tlsSecret" .component }}
    defaultMode: 0440
- name: tmp
  emptyDir:
    medium: Memory
    sizeLimit: 16Mi
{{- end -}}

{{- define "aegis.tlsVolumeMounts" -}}
# The whole Secret is mounted, not single keys with subPath, so that the kubelet
# updates the files when the certificate is renewed and the service reloads them.
- name: tls
  mountPath: /etc/aegis/tls
  readOnly: true
- name: tmp
  mountPath: /tmp
{{- end -}}

{{/* Liveness and readiness probes on the plain-HTTP management port. */}}
{{- define "aegis.probes" -}}
livenessProbe:
  httpGet:
    path: /q/health/live
    port: management
  initialDelaySeconds: 5
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
readinessProbe:
  httpGet:
    path: /q/health/ready
    port: management
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 3
{{- end -}}
