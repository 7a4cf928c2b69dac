#!/usr/bin/env bash
# Builds the CloudFormation-console distribution of the orchestrator.
#
#   deployment/build-s3-dist.sh <bucket-base> <solution-name> <version>
#
# Produces, next to this script (or under $DIST_DIR when set):
#   global-s3-assets/mlops-workload-orchestrator-{single,multi}-account.template
#   regional-s3-assets/asset<hash>.zip ...   (Lambda code, the AWS CLI layer, the blueprint package)
#   regional-s3-assets/blueprints.zip        (blueprint templates and their Lambda packages)
# The templates load their assets from s3://<bucket-base>-<region>/<solution-name>/<version>/, so upload
# both folders' files there (one bucket per region you deploy to), then create the stack from the
# template's S3 URL in the CloudFormation console. No Docker and no CDK bootstrap are needed.
set -euo pipefail

if [ "$#" -ne 3 ] || [ -z "$1" ] || [ -z "$2" ] || [ -z "$3" ]; then
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
  echo "example: deployment/build-s3-dist.sh my-solutions-bucket mlops-workload-orchestrator v0.1.0" >&2
  exit 1
fi
bucket_base=$1
solution=$2
version=$3

deployment_dir=$(cd "$(dirname "$0")" && pwd)
repo_root=$(dirname "$deployment_dir")
dist_dir=${DIST_DIR:-$deployment_dir}
cd "$repo_root"

# A fresh machine gets the pinned virtual environment first (the CDK CLI is not needed here).
if [ ! -x .venv/bin/python ]; then
  SKIP_NPM=1 scripts/install
fi

staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT

export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 CDK_DISABLE_CLI_TELEMETRY=true CDK_VALIDATION=false
export CDK_OUTDIR="$staging/cdk.out"
export CDK_CONTEXT_JSON="{\"SolutionId\": \"SO0136\", \"SolutionName\": \"$solution\", \"Version\": \"$version\"}"

echo "Synthesizing the app (orchestrator stacks and blueprints, cdk-nag on) ..."
.venv/bin/python app.py
echo "Packaging into $dist_dir ..."
.venv/bin/python -m mlops_orchestrator.orchestrator.distribution --cdk-out "$CDK_OUTDIR" --dist "$dist_dir" \
  --bucket-base "$bucket_base" --solution "$solution" --version "$version"

echo "global-s3-assets:"
ls -1 "$dist_dir/global-s3-assets" | sed 's/^/  /'
echo "regional-s3-assets:"
ls -1 "$dist_dir/regional-s3-assets" | sed 's/^/  /'
