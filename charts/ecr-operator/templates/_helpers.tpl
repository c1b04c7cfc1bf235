{{/* The release's full name: the release name, or RELEASE-ecr-operator when it lacks the chart's name. */}}
{{- define "ecr-operator.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "ecr-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "ecr-operator.labels" -}}
{{ include "ecr-operator.selectorLabels" . }}
app.kubernetes.io/part-of: {{ .Chart.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "ecr-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "ecr-operator.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The leader Lease: one per release, so that shards installed as releases of their own never share one. */}}
{{- define "ecr-operator.leaseName" -}}
{{- printf "%s-leader" (include "ecr-operator.fullname" .) -}}
{{- end -}}
