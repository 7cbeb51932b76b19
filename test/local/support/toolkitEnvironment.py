"""How the SageMaker training toolkit reads a training container's tree, for the contract tests.

A minimal copy of the reading logic of aws/sagemaker-training-toolkit
(src/sagemaker_training/environment.py, mapping.py, params.py at commit
33839372faf8017edb7dafc6290c1ef63557b404, Apache License 2.0, Copyright Amazon.com, Inc. or its
affiliates): the base dir from SAGEMAKER_BASE_DIR, read_hyperparameters() with its json.loads of
every value, read_resource_config(), read_input_data_config(), the Environment properties and
Environment.to_env_vars(). Only what needs more than the standard library is left out: `six`
(Python 3 str/bytes checks instead), and boto3's region lookup (AWS_DEFAULT_REGION instead, which is
where boto3 looks first), the `which smddprun` checks (False) and `neuron-ls` (0 neurons).

Run with SAGEMAKER_BASE_DIR pointing at a tree; prints one JSON object on stdout:
  {"base_dir", "hosts", "current_host", "channel_input_dirs", "hyperparameters" (the json.dumps text
   of the decoded values, sorted), "env" (to_env_vars()), "os_environ" (what Environment() itself
   puts in os.environ), "code_dir_exists"}
"""
import collections
import itertools
import json
import logging
import multiprocessing
import os
import shlex
import subprocess
import sys

# ---- params.py
SAGEMAKER_PREFIX = "sagemaker_"
CURRENT_HOST_ENV = "CURRENT_HOST"
USER_PROGRAM_PARAM = "sagemaker_program"
USER_PROGRAM_ENV = USER_PROGRAM_PARAM.upper()
S3_OUTPUT_LOCATION_PARAM = "sagemaker_s3_output"
TRAINING_JOB_ENV = "TRAINING_JOB_NAME"
SUBMIT_DIR_PARAM = "sagemaker_submit_directory"
SUBMIT_DIR_ENV = SUBMIT_DIR_PARAM.upper()
ENABLE_METRICS_PARAM = "sagemaker_enable_cloudwatch_metrics"
LOG_LEVEL_PARAM = "sagemaker_container_log_level"
LOG_LEVEL_ENV = LOG_LEVEL_PARAM.upper()
JOB_NAME_PARAM = "sagemaker_job_name"
JOB_NAME_ENV = JOB_NAME_PARAM.upper()
TUNING_METRIC_PARAM = "_tuning_objective_metric"
DEFAULT_MODULE_NAME_PARAM = "default_user_module_name"
REGION_NAME_PARAM = "sagemaker_region"
REGION_NAME_ENV = REGION_NAME_PARAM.upper()
FRAMEWORK_TRAINING_MODULE_ENV = "SAGEMAKER_TRAINING_MODULE"
SAGEMAKER_HYPERPARAMETERS = (
    USER_PROGRAM_PARAM,
    SUBMIT_DIR_PARAM,
    ENABLE_METRICS_PARAM,
    REGION_NAME_PARAM,
    LOG_LEVEL_PARAM,
    JOB_NAME_PARAM,
    DEFAULT_MODULE_NAME_PARAM,
    TUNING_METRIC_PARAM,
    S3_OUTPUT_LOCATION_PARAM,
)
SM_HP_MP_PARAMETERS = "SM_HP_MP_PARAMETERS"

# ---- mapping.py
SplitResultSpec = collections.namedtuple("SplitResultSpec", "included excluded")


def to_env_vars(mapping):
    def format_key(key):
        if key:
            return "SM_%s" % str(key).upper()
        return ""

    def format_value(_mapping):
        if isinstance(_mapping, bytes):
            return _mapping.decode("latin1")
        elif _mapping is None:
            return ""
        elif isinstance(_mapping, str):
            return str(_mapping)
        else:
            return json.dumps(_mapping, sort_keys=True, separators=(",", ":"), ensure_ascii=True)

    return {format_key(k): format_value(v) for k, v in mapping.items()}


def _decode(obj):
    if obj is None:
        return ""
    if isinstance(obj, bytes):
        return obj.decode("latin1")
    return str(obj)


def to_cmd_args(mapping):
    sorted_keys = sorted(mapping.keys())

    def arg_name(obj):
        string = _decode(obj)
        if string:
            return "--%s" % string if len(string) > 1 else "-%s" % string
        return ""

    arg_names = [arg_name(argument) for argument in sorted_keys]

    def arg_value(value):
        if hasattr(value, "items"):
            map_items = ["%s=%s" % (k, v) for k, v in sorted(value.items())]
            return ",".join(map_items)
        return _decode(value)

    arg_values = [arg_value(mapping[key]) for key in sorted_keys]
    items = zip(arg_names, arg_values)
    return [item for item in itertools.chain.from_iterable(items)]


def split_by_criteria(dictionary, keys=None, prefix=None):
    keys = set(keys or [])
    included_items = {
        k: dictionary[k] for k in dictionary.keys() if k in keys or (prefix and k.startswith(prefix))
    }
    excluded_items = {k: dictionary[k] for k in dictionary.keys() if k not in included_items}
    return SplitResultSpec(included=included_items, excluded=excluded_items)


# ---- environment.py (module level)
SAGEMAKER_BASE_PATH = os.path.join("/opt", "ml")
BASE_PATH_ENV = "SAGEMAKER_BASE_DIR"
base_dir = os.environ.get(BASE_PATH_ENV, SAGEMAKER_BASE_PATH)
code_dir = os.path.join(base_dir, "code")
model_dir = os.path.join(base_dir, "model")
input_dir = os.path.join(base_dir, "input")
_input_data_dir = os.path.join(input_dir, "data")
input_config_dir = os.path.join(input_dir, "config")
output_dir = os.path.join(base_dir, "output")
output_data_dir = os.path.join(output_dir, "data")
output_intermediate_dir = os.path.join(output_dir, "intermediate")
hyperparameters_file_dir = os.path.join(input_config_dir, "hyperparameters.json")
input_data_config_file_dir = os.path.join(input_config_dir, "inputdataconfig.json")
resource_config_file_dir = os.path.join(input_config_dir, "resourceconfig.json")

code_dir_existed = os.path.isdir(code_dir)
if not os.path.exists(code_dir):  # _create_code_dir()
    os.makedirs(code_dir)


def _read_json(path):
    with open(path, "r") as f:
        return json.load(f)


def read_hyperparameters():
    hyperparameters = _read_json(hyperparameters_file_dir)
    deserialized_hps = {}
    for k, v in hyperparameters.items():
        try:
            v = json.loads(v)
        except (ValueError, TypeError):
            pass
        deserialized_hps[k] = v
    return deserialized_hps


def read_resource_config():
    return _read_json(resource_config_file_dir)


def read_input_data_config():
    return _read_json(input_data_config_file_dir)


def channel_path(channel):
    return os.path.join(_input_data_dir, channel)


def num_neurons(instance_type):
    if "trn2.48xlarge" in instance_type:
        return 64
    return 0  # neuron-ls is not installed here


def num_gpus():
    try:
        cmd = shlex.split("nvidia-smi --list-gpus")
        output = subprocess.check_output(cmd, stderr=subprocess.DEVNULL).decode("utf-8")
        return sum([1 for x in output.split("\n") if x.startswith("GPU ")])
    except (OSError, subprocess.CalledProcessError):
        return 0


def num_cpus():
    return multiprocessing.cpu_count()


class Environment(collections.abc.Mapping):
    def __init__(self):
        current_host = os.environ.get(CURRENT_HOST_ENV)
        module_name = os.environ.get(USER_PROGRAM_ENV, None)
        module_dir = os.environ.get(SUBMIT_DIR_ENV, code_dir)
        log_level = int(os.environ.get(LOG_LEVEL_ENV, logging.INFO))

        self._num_gpus = num_gpus()
        self._num_cpus = num_cpus()
        self._module_name = module_name
        self._user_entry_point = module_name
        self._module_dir = module_dir
        self._log_level = log_level
        self._model_dir = model_dir

        resource_config = read_resource_config()
        input_data_config = read_input_data_config()
        all_hyperparameters = read_hyperparameters()

        hosts = resource_config["hosts"]
        current_instance_type = resource_config.get("current_instance_type", "local")
        current_instance_group = resource_config.get("current_group_name", "homogeneousCluster")
        current_host = resource_config["current_host"]

        self._num_neurons = num_neurons(current_instance_type)
        self._current_host = current_host
        self._current_instance_type = current_instance_type
        self._current_instance_group = current_instance_group

        split_result = split_by_criteria(
            all_hyperparameters, keys=SAGEMAKER_HYPERPARAMETERS, prefix=SAGEMAKER_PREFIX
        )
        sagemaker_hyperparameters = split_result.included
        additional_framework_parameters = {
            k: sagemaker_hyperparameters[k]
            for k in sagemaker_hyperparameters.keys()
            if k not in SAGEMAKER_HYPERPARAMETERS
        }
        # boto3.session.Session().region_name, without boto3
        sagemaker_region = sagemaker_hyperparameters.get(
            REGION_NAME_PARAM, os.environ.get("AWS_DEFAULT_REGION")
        )
        os.environ[JOB_NAME_ENV] = sagemaker_hyperparameters.get(JOB_NAME_PARAM, "")
        os.environ[CURRENT_HOST_ENV] = current_host
        os.environ[REGION_NAME_ENV] = sagemaker_region or ""

        self._hosts = hosts
        self._network_interface_name = resource_config.get("network_interface_name", "eth0")
        self._topology = resource_config.get("topology", [])
        self._hyperparameters = split_result.excluded
        self._additional_framework_parameters = additional_framework_parameters
        self._resource_config = resource_config
        self._input_data_config = input_data_config
        self._output_data_dir = output_data_dir
        self._output_intermediate_dir = output_intermediate_dir
        self._channel_input_dirs = {channel: channel_path(channel) for channel in input_data_config}

        if self._module_name is None:
            self._module_name = str(sagemaker_hyperparameters.get(USER_PROGRAM_PARAM, None))
        self._user_entry_point = self._user_entry_point or sagemaker_hyperparameters.get(
            USER_PROGRAM_PARAM
        )
        self._module_dir = str(sagemaker_hyperparameters.get(SUBMIT_DIR_PARAM, code_dir))
        self._log_level = sagemaker_hyperparameters.get(LOG_LEVEL_PARAM, logging.INFO)
        self._sagemaker_s3_output = sagemaker_hyperparameters.get(S3_OUTPUT_LOCATION_PARAM, None)
        self._framework_module = os.environ.get(FRAMEWORK_TRAINING_MODULE_ENV, None)
        self._input_dir = input_dir
        self._input_config_dir = input_config_dir
        self._output_dir = output_dir
        self._job_name = os.environ.get(TRAINING_JOB_ENV.upper(), None)

        current_instance_group_hosts = self.get_current_instance_group_hosts()
        instance_groups = self.get_instance_groups()
        instance_groups_dict = self.get_instance_groups_dict()
        distribution_instance_groups = self._additional_framework_parameters.get(
            "sagemaker_distribution_instance_groups",
            self.get_distribution_instance_groups_from_resource_config(),
        )
        self._distribution_instance_groups = distribution_instance_groups
        distribution_hosts = self.get_distribution_hosts()
        self._current_instance_group_hosts = current_instance_group_hosts
        self._instance_groups = instance_groups
        self._instance_groups_dict = instance_groups_dict
        self._distribution_hosts = distribution_hosts
        self._is_hetero = bool(len(self._instance_groups) > 1)
        self._master_hostname = self.get_master_hostname()
        self._is_master = current_host == self._master_hostname

        mp_parameters = os.environ.get(SM_HP_MP_PARAMETERS)
        self._is_modelparallel_enabled = mp_parameters and mp_parameters != "{}"
        self._is_smddprun_installed = False  # validate_smddprun(): `which smddprun`
        self._is_smddpmprun_installed = False

    # mapping.MappingMixin
    def properties(self):
        _type = type(self)
        return [p for p in dir(_type) if isinstance(getattr(_type, p), property)]

    def __getitem__(self, k):
        if not isinstance(getattr(type(self), k, None), property):
            raise KeyError("Trying to access non property %s" % k)
        return getattr(self, k)

    def __len__(self):
        return len(self.properties())

    def __iter__(self):
        items = {p: getattr(self, p) for p in self.properties()}
        return iter(items)

    def get_distribution_instance_groups_from_resource_config(self):
        distribution_instance_groups = []
        current_instance_group = self.resource_config.get("current_group_name", "homogeneousCluster")
        if (
            self._additional_framework_parameters.get("sagemaker_mpi_enabled", False)
            or self._additional_framework_parameters.get("sagemaker_parameter_server_enabled", False)
            or self._additional_framework_parameters.get("sagemaker_distributed_dataparallel_enabled", False)
            or self._additional_framework_parameters.get("sagemaker_pytorch_ddp_enabled", False)
            or self._additional_framework_parameters.get("sagemaker_pytorch_xla_multi_worker_enabled", False)
            or self._additional_framework_parameters.get(
                "sagemaker_multi_worker_mirrored_strategy_enabled", False
            )
            or self._additional_framework_parameters.get("sagemaker_torch_distributed_enabled", False)
        ):
            distribution_instance_groups.append(current_instance_group)
        return distribution_instance_groups

    def get_distribution_hosts(self):
        distribution_hosts = []
        instance_groups_config = self._resource_config.get("instance_groups", [])
        if instance_groups_config:
            for group in instance_groups_config:
                if group["instance_group_name"] in self._distribution_instance_groups:
                    distribution_hosts.extend(group["hosts"])
        else:
            distribution_hosts = self.hosts.copy()
        return distribution_hosts

    def get_current_instance_group_hosts(self):
        for group in self._resource_config.get("instance_groups", []):
            if self._current_instance_group == group["instance_group_name"]:
                return group["hosts"]
        return []

    def get_instance_groups(self):
        return [group["instance_group_name"] for group in self._resource_config.get("instance_groups", [])]

    def get_instance_groups_dict(self):
        return {group["instance_group_name"]: group for group in self._resource_config.get("instance_groups", [])}

    def get_master_hostname(self):
        if self._distribution_hosts:
            return list(self._distribution_hosts)[0]
        return list(self._hosts)[0]

    def to_cmd_args(self):
        return to_cmd_args(self.hyperparameters)

    def to_env_vars(self):
        env = {
            "hosts": self.hosts,
            "network_interface_name": self.network_interface_name,
            "hps": self.hyperparameters,
            "user_entry_point": self.user_entry_point,
            "framework_params": self.additional_framework_parameters,
            "resource_config": self.resource_config,
            "input_data_config": self.input_data_config,
            "output_data_dir": self.output_data_dir,
            "channels": sorted(self.channel_input_dirs.keys()),
            "current_host": self.current_host,
            "current_instance_type": self.current_instance_type,
            "current_instance_group": self.current_instance_group,
            "current_instance_group_hosts": self.current_instance_group_hosts,
            "instance_groups": self.instance_groups,
            "instance_groups_dict": self.instance_groups_dict,
            "distribution_instance_groups": self.distribution_instance_groups,
            "is_hetero": self.is_hetero,
            "module_name": self.module_name,
            "log_level": self.log_level,
            "framework_module": self.framework_module,
            "input_dir": self.input_dir,
            "input_config_dir": self.input_config_dir,
            "output_dir": self.output_dir,
            "num_cpus": self.num_cpus,
            "num_gpus": self.num_gpus,
            "num_neurons": self.num_neurons,
            "model_dir": self.model_dir,
            "module_dir": self.module_dir,
            "training_env": dict(self),
            "user_args": self.to_cmd_args(),
            "output_intermediate_dir": self.output_intermediate_dir,
        }
        if self.topology:
            env["topology"] = self.topology
        for name, path in self.channel_input_dirs.items():
            env["channel_%s" % name] = path
        for key, value in self.hyperparameters.items():
            env["hp_%s" % key] = value
        return to_env_vars(env)

    @staticmethod
    def _parse_module_name(program_param):
        if program_param and program_param.endswith(".py"):
            return program_param[:-3]
        return program_param

    # The 37 properties of environment.Environment (dict(self) is made of them).
    additional_framework_parameters = property(lambda self: self._additional_framework_parameters)
    channel_input_dirs = property(lambda self: self._channel_input_dirs)
    current_host = property(lambda self: self._current_host)
    current_instance_group = property(lambda self: self._current_instance_group)
    current_instance_group_hosts = property(lambda self: self._current_instance_group_hosts)
    current_instance_type = property(lambda self: self._current_instance_type)
    distribution_hosts = property(lambda self: self._distribution_hosts)
    distribution_instance_groups = property(lambda self: self._distribution_instance_groups)
    framework_module = property(lambda self: self._framework_module)
    hosts = property(lambda self: self._hosts)
    hyperparameters = property(lambda self: self._hyperparameters)
    input_config_dir = property(lambda self: self._input_config_dir)
    input_data_config = property(lambda self: self._input_data_config)
    input_dir = property(lambda self: self._input_dir)
    instance_groups = property(lambda self: self._instance_groups)
    instance_groups_dict = property(lambda self: self._instance_groups_dict)
    is_hetero = property(lambda self: self._is_hetero)
    is_master = property(lambda self: self._is_master)
    is_modelparallel_enabled = property(lambda self: self._is_modelparallel_enabled)
    is_smddpmprun_installed = property(lambda self: self._is_smddpmprun_installed)
    is_smddprun_installed = property(lambda self: self._is_smddprun_installed)
    job_name = property(lambda self: self._job_name)
    log_level = property(lambda self: self._log_level)
    master_hostname = property(lambda self: self._master_hostname)
    model_dir = property(lambda self: self._model_dir)
    module_dir = property(lambda self: self._module_dir)
    module_name = property(lambda self: self._parse_module_name(self._module_name))
    network_interface_name = property(lambda self: self._network_interface_name)
    num_cpus = property(lambda self: self._num_cpus)
    num_gpus = property(lambda self: self._num_gpus)
    num_neurons = property(lambda self: self._num_neurons)
    output_data_dir = property(lambda self: self._output_data_dir)
    output_dir = property(lambda self: self._output_dir)
    output_intermediate_dir = property(lambda self: self._output_intermediate_dir)
    resource_config = property(lambda self: self._resource_config)
    topology = property(lambda self: self._topology)
    user_entry_point = property(lambda self: self._user_entry_point)


def main():
    env = Environment()
    result = {
        "base_dir": base_dir,
        "hosts": env.hosts,
        "current_host": env.current_host,
        "channel_input_dirs": env.channel_input_dirs,
        "hyperparameters": json.dumps(env.hyperparameters, sort_keys=True),
        "properties": len(env),
        "env": env.to_env_vars(),
        "os_environ": {name: os.environ[name] for name in (JOB_NAME_ENV, CURRENT_HOST_ENV, REGION_NAME_ENV)},
        "code_dir_existed": code_dir_existed,
    }
    sys.stdout.write(json.dumps(result))


if __name__ == "__main__":
    main()
