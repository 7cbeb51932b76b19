"""Print, as JSON, how the AWS CLI v1 names the options of `aws sagemaker create-training-job`.

{"members": [{"member": "TrainingJobName", "xform": "training-job-name",
              "options": ["--training-job-name"], "type": "string"}, ...],
 "allMembers": {"MemberName": "xform-name", ...}}

`options` come from the CLI's own argument table (booleans have a --no- twin); `allMembers`
holds botocore.xform_name(name, '-') for every member name of every SageMaker shape, to test
the TypeScript port of xform_name on far more names than one request has.
Used by test/builder/toAwsCliCommand.test.ts.
"""
import json

from botocore import xform_name
from awscli.clidriver import create_clidriver

driver = create_clidriver()
operation = driver._get_command_table()['sagemaker']._get_command_table()['create-training-job']
arg_table = operation.arg_table
model = driver.session.get_service_model('sagemaker')
input_shape = model.operation_model('CreateTrainingJob').input_shape

members = []
for name, shape in input_shape.members.items():
    options = sorted(arg.cli_name for arg in arg_table.values() if getattr(arg, '_serialized_name', None) == name)
    members.append({'member': name, 'xform': xform_name(name, '-'), 'options': options, 'type': shape.type_name})

all_members = {}
for shape_name in model.shape_names:
    shape = model.shape_for(shape_name)
    for member in getattr(shape, 'members', {}) or {}:
        all_members[member] = xform_name(member, '-')

print(json.dumps({'members': members, 'allMembers': all_members}))
