{{/* The service name is the alias: the same name as the folder, image, compose service and consumer group. */}}
{{- define "service.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "service.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "service.envPrefix" -}}
{{- printf "RESUGROW_%s_" (.Chart.Name | upper | replace "-" "_") -}}
{{- end -}}

{{- define "service.selectorLabels" -}}
app.kubernetes.io/name: {{ include "service.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "service.labels" -}}
{{ include "service.selectorLabels" . }}
app.kubernetes.io/part-of: resugrow
app.kubernetes.io/version: {{ .Values.image.tag | default .Values.global.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end -}}

{{- define "service.image" -}}
{{- $repo := .Values.image.repository | default (printf "%s/%s" .Values.global.image.registry (include "service.name" .)) -}}
{{- $tag := .Values.image.tag | default .Values.global.image.tag | default .Chart.AppVersion -}}
{{- printf "%s:%s" $repo $tag -}}
{{- end -}}

{{- define "service.secretName" -}}
{{- .Values.global.secrets.name | default (printf "%s-secrets" .Release.Name) -}}
{{- end -}}

{{/* Replicas the API Deployment runs with, for the PDB decision. */}}
{{- define "service.minReplicas" -}}
{{- if and .Values.http .Values.autoscaling.enabled (not (and .Values.keda.enabled (not .Values.workers.enabled))) -}}
{{- .Values.autoscaling.minReplicas -}}
{{- else if and .Values.keda.enabled (not .Values.workers.enabled) -}}
{{- .Values.keda.minReplicas -}}
{{- else -}}
{{- .Values.replicas -}}
{{- end -}}
{{- end -}}

{{/*
Pod template shared by the API and the worker Deployment.
Call with (dict "root" . "role" "api" "component" "api" "resources" .Values.resources "env" .Values.env)
*/}}
{{- define "service.podTemplate" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $prefix := include "service.envPrefix" $root -}}
metadata:
  labels:
    {{- include "service.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
  {{- with $v.podAnnotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  serviceAccountName: {{ include "service.fullname" $root }}
  automountServiceAccountToken: false
  terminationGracePeriodSeconds: {{ $v.terminationGracePeriodSeconds }}
  securityContext:
    {{- toYaml $v.podSecurityContext | nindent 4 }}
  {{- with $v.global.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  containers:
    - name: {{ include "service.name" $root }}
      image: {{ include "service.image" $root | quote }}
      imagePullPolicy: {{ $v.global.image.pullPolicy }}
      ports:
        - name: http
          containerPort: 8000
          protocol: TCP
      env:
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: {{ $prefix }}ROLE
          value: {{ .role | quote }}
        - name: {{ $prefix }}HOST
          value: "0.0.0.0"
        - name: {{ $prefix }}PORT
          value: "8000"
        - name: RESUGROW_KAFKA__BOOTSTRAP_SERVERS
          value: {{ $v.global.kafka.bootstrapServers | quote }}
        - name: RESUGROW_KAFKA__ENABLE_IDEMPOTENCE
          value: {{ $v.global.kafka.enableIdempotence | toString | quote }}
        # Apache Kafka holds an empty fetch for fetch_max_wait_ms and a MongoDB replica set
        # serves change streams cheaply: the idle workarounds for the embedded servers are off.
        - name: RESUGROW_KAFKA__IDLE_FETCH_BACKOFF_MAX_MS
          value: "0"
        - name: RESUGROW_OUTBOX__WATCH_CHANGES
          value: "true"
        # A replica set answers PyMongo's streaming monitor cheaply and reports a new primary at once.
        - name: RESUGROW_MONGO__SERVER_MONITORING_MODE
          value: "stream"
        - name: RESUGROW_MONGO__URL
          valueFrom:
            secretKeyRef:
              name: {{ include "service.secretName" $root }}
              key: {{ $v.global.secrets.mongoUrlKey }}
        - name: RESUGROW_AUTH__JWT_SECRET
          valueFrom:
            secretKeyRef:
              name: {{ include "service.secretName" $root }}
              key: {{ $v.global.secrets.jwtSecretKey }}
        {{- with $v.mongo.database }}
        - name: {{ $prefix }}MONGO__DATABASE
          value: {{ . | quote }}
        {{- end }}
        - name: OTEL_SERVICE_NAME
          value: {{ include "service.name" $root | quote }}
        {{- with $v.global.otel.endpoint }}
        - name: OTEL_EXPORTER_OTLP_ENDPOINT
          value: {{ . | quote }}
        {{- end }}
        {{- range $name, $value := .env }}
        - name: {{ $name }}
          value: {{ tpl (toString $value) $root | quote }}
        {{- end }}
        {{- with $v.extraEnv }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      startupProbe:
        httpGet:
          path: {{ $v.probes.startup.path }}
          port: http
        periodSeconds: {{ $v.probes.startup.periodSeconds }}
        failureThreshold: {{ $v.probes.startup.failureThreshold }}
        timeoutSeconds: {{ $v.probes.startup.timeoutSeconds }}
      readinessProbe:
        httpGet:
          path: {{ $v.probes.readiness.path }}
          port: http
        periodSeconds: {{ $v.probes.readiness.periodSeconds }}
        failureThreshold: {{ $v.probes.readiness.failureThreshold }}
        timeoutSeconds: {{ $v.probes.readiness.timeoutSeconds }}
      livenessProbe:
        httpGet:
          path: {{ $v.probes.liveness.path }}
          port: http
        periodSeconds: {{ $v.probes.liveness.periodSeconds }}
        failureThreshold: {{ $v.probes.liveness.failureThreshold }}
        timeoutSeconds: {{ $v.probes.liveness.timeoutSeconds }}
      resources:
        {{- toYaml .resources | nindent 8 }}
      securityContext:
        {{- toYaml $v.securityContext | nindent 8 }}
      volumeMounts:
        - name: tmp
          mountPath: /tmp
  volumes:
    - name: tmp
      emptyDir:
        sizeLimit: {{ $v.tmpSizeLimit }}
  {{- if $v.topologySpread }}
  topologySpreadConstraints:
    - maxSkew: 1
      topologyKey: kubernetes.io/hostname
      whenUnsatisfiable: ScheduleAnyway
      labelSelector:
        matchLabels:
          {{- include "service.selectorLabels" $root | nindent 10 }}
          app.kubernetes.io/component: {{ .component }}
  {{- end }}
  {{- with $v.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $v.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $v.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}
