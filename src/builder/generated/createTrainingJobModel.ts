/**
 * GENERATED FILE: DO NOT EDIT. Regenerate with `npm run gen:constraints`
 * (runs `python3 scripts/gen-constraints.py`).
 *
 * The constraints of every shape reachable from CreateTrainingJobRequest in the official
 * SageMaker API model: botocore 1.43.11 (data/sagemaker/2017-07-24/service-2.json.gz, sagemaker-2017-07-24).
 * Members that @aws-sdk/client-sagemaker 3.1142.0 declares but that model lacks are listed as
 * `sdkOnlyMembers` (the validator warns about them instead of rejecting them).
 *
 * Patterns: `pattern` is the model's text (Java regex, not anchored); `PATTERNS[pattern]` is the
 * translated JavaScript source, anchored to the whole value, for `new RegExp(source, 'u')`.
 * String lengths (`min`/`max` on a string) count Unicode code points.
 *
 * @module
 */

/** The botocore version whose SageMaker model these constraints come from. */
export const BOTOCORE_VERSION = '1.43.11';

/** The @aws-sdk/client-sagemaker version whose types were compared with the model. */
export const SDK_CLIENT_VERSION = '3.1142.0';

/** The shape of the CreateTrainingJob request. */
export const ROOT_SHAPE = 'CreateTrainingJobRequest';

/** The kinds of shape in the model. */
export type ShapeType =
  | 'structure'
  | 'list'
  | 'map'
  | 'string'
  | 'integer'
  | 'long'
  | 'float'
  | 'double'
  | 'boolean'
  | 'timestamp'
  | 'blob';

/** One shape of the model, with the constraints the validator checks. */
export interface ShapeDef {
  readonly type: ShapeType;
  /** Structure: required member names. */
  readonly required?: readonly string[];
  /** Structure: member name -> shape name, in model order. */
  readonly members?: Readonly<Record<string, string>>;
  /** Structure: members the installed SDK declares that this model lacks. */
  readonly sdkOnlyMembers?: readonly string[];
  /** List: the element shape. */
  readonly member?: string;
  /** Map: the key shape. */
  readonly key?: string;
  /** Map: the value shape. */
  readonly value?: string;
  /** String: minimum length in code points; number: minimum value; list/map: minimum size. */
  readonly min?: number;
  /** String: maximum length in code points; number: maximum value; list/map: maximum size. */
  readonly max?: number;
  /** String: the model's pattern (Java syntax, matched against the whole value). */
  readonly pattern?: string;
  /** String: the allowed values. */
  readonly enum?: readonly string[];
}

/** Every shape reachable from CreateTrainingJobRequest, by name. */
export const SHAPES: Readonly<Record<string, ShapeDef>> = {
  AcceptEula: { type: 'boolean' },
  AlgorithmImage: { type: 'string', min: 0, max: 255, pattern: '.*' },
  AlgorithmSpecification: {
    type: 'structure',
    required: ['TrainingInputMode'],
    members: {
      TrainingImage: 'AlgorithmImage',
      AlgorithmName: 'ArnOrName',
      TrainingInputMode: 'TrainingInputMode',
      MetricDefinitions: 'MetricDefinitionList',
      EnableSageMakerMetricsTimeSeries: 'Boolean',
      ContainerEntrypoint: 'TrainingContainerEntrypoint',
      ContainerArguments: 'TrainingContainerArguments',
      TrainingImageConfig: 'TrainingImageConfig',
    },
  },
  ArnOrName: {
    type: 'string',
    min: 1,
    max: 170,
    pattern: '(arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:[a-z\\-]*\\/)?([a-zA-Z0-9]([a-zA-Z0-9-]){0,62})(?<!-)',
  },
  AttributeName: { type: 'string', min: 1, max: 256, pattern: '.+' },
  AttributeNames: { type: 'list', min: 0, max: 16, member: 'AttributeName' },
  Boolean: { type: 'boolean' },
  Channel: {
    type: 'structure',
    required: ['ChannelName', 'DataSource'],
    members: {
      ChannelName: 'ChannelName',
      DataSource: 'DataSource',
      ContentType: 'ContentType',
      CompressionType: 'CompressionType',
      RecordWrapperType: 'RecordWrapper',
      InputMode: 'TrainingInputMode',
      ShuffleConfig: 'ShuffleConfig',
    },
  },
  ChannelName: { type: 'string', min: 1, max: 64, pattern: '[A-Za-z0-9\\.\\-_]+' },
  CheckpointConfig: {
    type: 'structure',
    required: ['S3Uri'],
    members: {
      S3Uri: 'S3Uri',
      LocalPath: 'DirectoryPath',
    },
  },
  CollectionConfiguration: {
    type: 'structure',
    members: {
      CollectionName: 'CollectionName',
      CollectionParameters: 'CollectionParameters',
    },
  },
  CollectionConfigurations: { type: 'list', min: 0, max: 20, member: 'CollectionConfiguration' },
  CollectionName: { type: 'string', min: 1, max: 256, pattern: '.*' },
  CollectionParameters: { type: 'map', min: 0, max: 20, key: 'ConfigKey', value: 'ConfigValue' },
  CompressionType: {
    type: 'string',
    enum: [
      'None', 'Gzip',
    ],
  },
  ConfigKey: { type: 'string', min: 1, max: 256, pattern: '.*' },
  ConfigValue: { type: 'string', min: 0, max: 256, pattern: '.*' },
  ContentType: { type: 'string', min: 0, max: 256, pattern: '.*' },
  CreateTrainingJobRequest: {
    type: 'structure',
    required: ['TrainingJobName', 'RoleArn', 'OutputDataConfig'],
    members: {
      TrainingJobName: 'TrainingJobName',
      HyperParameters: 'HyperParameters',
      AlgorithmSpecification: 'AlgorithmSpecification',
      RoleArn: 'RoleArn',
      InputDataConfig: 'InputDataConfig',
      OutputDataConfig: 'OutputDataConfig',
      ResourceConfig: 'ResourceConfig',
      VpcConfig: 'VpcConfig',
      StoppingCondition: 'StoppingCondition',
      Tags: 'TagList',
      EnableNetworkIsolation: 'Boolean',
      EnableInterContainerTrafficEncryption: 'Boolean',
      EnableManagedSpotTraining: 'Boolean',
      CheckpointConfig: 'CheckpointConfig',
      DebugHookConfig: 'DebugHookConfig',
      DebugRuleConfigurations: 'DebugRuleConfigurations',
      TensorBoardOutputConfig: 'TensorBoardOutputConfig',
      ExperimentConfig: 'ExperimentConfig',
      ProfilerConfig: 'ProfilerConfig',
      ProfilerRuleConfigurations: 'ProfilerRuleConfigurations',
      Environment: 'TrainingEnvironmentMap',
      RetryStrategy: 'RetryStrategy',
      RemoteDebugConfig: 'RemoteDebugConfig',
      InfraCheckConfig: 'InfraCheckConfig',
      SessionChainingConfig: 'SessionChainingConfig',
      ServerlessJobConfig: 'ServerlessJobConfig',
      MlflowConfig: 'MlflowConfig',
      ModelPackageConfig: 'ModelPackageConfig',
    },
  },
  CustomizationTechnique: {
    type: 'string',
    enum: [
      'SFT', 'DPO', 'RLVR', 'RLAIF',
    ],
  },
  DataSource: {
    type: 'structure',
    members: {
      S3DataSource: 'S3DataSource',
      FileSystemDataSource: 'FileSystemDataSource',
      DatasetSource: 'DatasetSource',
    },
  },
  DatasetSource: {
    type: 'structure',
    required: ['DatasetArn'],
    members: {
      DatasetArn: 'HubDataSetArn',
    },
  },
  DebugHookConfig: {
    type: 'structure',
    required: ['S3OutputPath'],
    members: {
      LocalPath: 'DirectoryPath',
      S3OutputPath: 'S3Uri',
      HookParameters: 'HookParameters',
      CollectionConfigurations: 'CollectionConfigurations',
    },
  },
  DebugRuleConfiguration: {
    type: 'structure',
    required: ['RuleConfigurationName', 'RuleEvaluatorImage'],
    members: {
      RuleConfigurationName: 'RuleConfigurationName',
      LocalPath: 'DirectoryPath',
      S3OutputPath: 'S3Uri',
      RuleEvaluatorImage: 'AlgorithmImage',
      InstanceType: 'ProcessingInstanceType',
      VolumeSizeInGB: 'OptionalVolumeSizeInGB',
      RuleParameters: 'RuleParameters',
    },
  },
  DebugRuleConfigurations: { type: 'list', min: 0, max: 20, member: 'DebugRuleConfiguration' },
  DirectoryPath: { type: 'string', min: 0, max: 4096, pattern: '.*' },
  DisableProfiler: { type: 'boolean' },
  EnableInfraCheck: { type: 'boolean' },
  EnableRemoteDebug: { type: 'boolean' },
  EnableSessionTagChaining: { type: 'boolean' },
  EvaluationType: {
    type: 'string',
    enum: [
      'LLMAJEvaluation', 'CustomScorerEvaluation', 'BenchmarkEvaluation',
    ],
  },
  EvaluatorArn: { type: 'string', pattern: '.*' },
  ExperimentConfig: {
    type: 'structure',
    members: {
      ExperimentName: 'ExperimentEntityName',
      TrialName: 'ExperimentEntityName',
      TrialComponentDisplayName: 'ExperimentEntityName',
      RunName: 'ExperimentEntityName',
    },
  },
  ExperimentEntityName: { type: 'string', min: 1, max: 120, pattern: '[a-zA-Z0-9](-*[a-zA-Z0-9]){0,119}' },
  FileSystemAccessMode: {
    type: 'string',
    enum: [
      'rw', 'ro',
    ],
  },
  FileSystemDataSource: {
    type: 'structure',
    required: ['FileSystemId', 'FileSystemAccessMode', 'FileSystemType', 'DirectoryPath'],
    members: {
      FileSystemId: 'FileSystemId',
      FileSystemAccessMode: 'FileSystemAccessMode',
      FileSystemType: 'FileSystemType',
      DirectoryPath: 'DirectoryPath',
    },
  },
  FileSystemId: { type: 'string', min: 11, max: 21, pattern: '(fs-[0-9a-f]{8,})' },
  FileSystemType: {
    type: 'string',
    enum: [
      'EFS', 'FSxLustre',
    ],
  },
  HookParameters: { type: 'map', min: 0, max: 20, key: 'ConfigKey', value: 'ConfigValue' },
  HubAccessConfig: {
    type: 'structure',
    required: ['HubContentArn'],
    members: {
      HubContentArn: 'HubContentArn',
    },
  },
  HubContentArn: { type: 'string', min: 0, max: 255, pattern: '.*' },
  HubDataSetArn: {
    type: 'string',
    min: 0,
    max: 2048,
    pattern: '(arn:[a-z0-9-\\.]{1,63}:sagemaker:\\w+(?:-\\w+)+:(\\d{12}|aws):hub-content\\/)[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}\\/DataSet\\/[a-zA-Z0-9](-*[a-zA-Z0-9]){0,63}(\\/\\d{1,4}.\\d{1,4}.\\d{1,4})?',
  },
  HyperParameterKey: { type: 'string', min: 0, max: 256, pattern: '.*' },
  HyperParameterValue: { type: 'string', min: 0, max: 2500, pattern: '.*' },
  HyperParameters: { type: 'map', min: 0, max: 100, key: 'HyperParameterKey', value: 'HyperParameterValue' },
  InfraCheckConfig: {
    type: 'structure',
    members: {
      EnableInfraCheck: 'EnableInfraCheck',
    },
  },
  InputDataConfig: { type: 'list', min: 1, max: 20, member: 'Channel' },
  InstanceGroup: {
    type: 'structure',
    required: ['InstanceType', 'InstanceCount', 'InstanceGroupName'],
    members: {
      InstanceType: 'TrainingInstanceType',
      InstanceCount: 'TrainingInstanceCount',
      InstanceGroupName: 'InstanceGroupName',
    },
  },
  InstanceGroupName: { type: 'string', min: 1, max: 64, pattern: '.+' },
  InstanceGroupNames: { type: 'list', min: 0, max: 5, member: 'InstanceGroupName' },
  InstanceGroups: { type: 'list', min: 0, max: 5, member: 'InstanceGroup' },
  InstancePlacementConfig: {
    type: 'structure',
    members: {
      EnableMultipleJobs: 'Boolean',
      PlacementSpecifications: 'PlacementSpecifications',
    },
  },
  KeepAlivePeriodInSeconds: { type: 'integer', min: 0, max: 21600 },
  KmsKeyId: { type: 'string', min: 0, max: 2048, pattern: '[a-zA-Z0-9:/_-]*' },
  MaxPendingTimeInSeconds: { type: 'integer', min: 7200, max: 2419200 },
  MaxRuntimeInSeconds: { type: 'integer', min: 1 },
  MaxWaitTimeInSeconds: { type: 'integer', min: 1 },
  MaximumRetryAttempts: { type: 'integer', min: 1, max: 30 },
  MetricDefinition: {
    type: 'structure',
    required: ['Name', 'Regex'],
    members: {
      Name: 'MetricName',
      Regex: 'MetricRegex',
    },
  },
  MetricDefinitionList: { type: 'list', min: 0, max: 40, member: 'MetricDefinition' },
  MetricName: { type: 'string', min: 1, max: 255, pattern: '.+' },
  MetricRegex: { type: 'string', min: 1, max: 500, pattern: '.+' },
  MlFlowResourceArn: {
    type: 'string',
    min: 0,
    max: 2048,
    pattern: 'arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:mlflow-[a-zA-Z-]*/.*',
  },
  MlflowConfig: {
    type: 'structure',
    required: ['MlflowResourceArn'],
    members: {
      MlflowResourceArn: 'MlFlowResourceArn',
      MlflowExperimentName: 'MlflowExperimentName',
      MlflowRunName: 'MlflowRunName',
    },
  },
  MlflowExperimentName: { type: 'string', min: 1, max: 256, pattern: '.*' },
  MlflowRunName: { type: 'string', min: 1, max: 256, pattern: '.*' },
  ModelAccessConfig: {
    type: 'structure',
    required: ['AcceptEula'],
    members: {
      AcceptEula: 'AcceptEula',
    },
  },
  ModelPackageArn: {
    type: 'string',
    min: 1,
    max: 2048,
    pattern: 'arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]{9,16}:[0-9]{12}:model-package/[\\S]{1,2048}',
  },
  ModelPackageConfig: {
    type: 'structure',
    required: ['ModelPackageGroupArn'],
    members: {
      ModelPackageGroupArn: 'ModelPackageGroupArn',
      SourceModelPackageArn: 'ModelPackageArn',
    },
  },
  ModelPackageGroupArn: {
    type: 'string',
    min: 1,
    max: 2048,
    pattern: 'arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]{9,16}:[0-9]{12}:model-package-group/[\\S]{1,2048}',
  },
  OptionalVolumeSizeInGB: { type: 'integer', min: 0 },
  OutputCompressionType: {
    type: 'string',
    enum: [
      'GZIP', 'NONE',
    ],
  },
  OutputDataConfig: {
    type: 'structure',
    required: ['S3OutputPath'],
    members: {
      KmsKeyId: 'KmsKeyId',
      S3OutputPath: 'S3Uri',
      CompressionType: 'OutputCompressionType',
    },
  },
  Peft: {
    type: 'string',
    enum: [
      'LORA',
    ],
  },
  PlacementSpecification: {
    type: 'structure',
    required: ['InstanceCount'],
    members: {
      UltraServerId: 'String256',
      InstanceCount: 'TrainingInstanceCount',
    },
  },
  PlacementSpecifications: { type: 'list', min: 0, max: 10, member: 'PlacementSpecification' },
  ProcessingInstanceType: {
    type: 'string',
    enum: [
      'ml.t3.medium', 'ml.t3.large', 'ml.t3.xlarge', 'ml.t3.2xlarge', 'ml.m4.xlarge', 'ml.m4.2xlarge',
      'ml.m4.4xlarge', 'ml.m4.10xlarge', 'ml.m4.16xlarge', 'ml.c4.xlarge', 'ml.c4.2xlarge', 'ml.c4.4xlarge',
      'ml.c4.8xlarge', 'ml.p2.xlarge', 'ml.p2.8xlarge', 'ml.p2.16xlarge', 'ml.p3.2xlarge', 'ml.p3.8xlarge',
      'ml.p3.16xlarge', 'ml.c5.xlarge', 'ml.c5.2xlarge', 'ml.c5.4xlarge', 'ml.c5.9xlarge', 'ml.c5.18xlarge',
      'ml.m5.large', 'ml.m5.xlarge', 'ml.m5.2xlarge', 'ml.m5.4xlarge', 'ml.m5.12xlarge', 'ml.m5.24xlarge',
      'ml.r5.large', 'ml.r5.xlarge', 'ml.r5.2xlarge', 'ml.r5.4xlarge', 'ml.r5.8xlarge', 'ml.r5.12xlarge',
      'ml.r5.16xlarge', 'ml.r5.24xlarge', 'ml.g4dn.xlarge', 'ml.g4dn.2xlarge', 'ml.g4dn.4xlarge',
      'ml.g4dn.8xlarge', 'ml.g4dn.12xlarge', 'ml.g4dn.16xlarge', 'ml.g5.xlarge', 'ml.g5.2xlarge',
      'ml.g5.4xlarge', 'ml.g5.8xlarge', 'ml.g5.16xlarge', 'ml.g5.12xlarge', 'ml.g5.24xlarge',
      'ml.g5.48xlarge', 'ml.r5d.large', 'ml.r5d.xlarge', 'ml.r5d.2xlarge', 'ml.r5d.4xlarge',
      'ml.r5d.8xlarge', 'ml.r5d.12xlarge', 'ml.r5d.16xlarge', 'ml.r5d.24xlarge', 'ml.g6.xlarge',
      'ml.g6.2xlarge', 'ml.g6.4xlarge', 'ml.g6.8xlarge', 'ml.g6.12xlarge', 'ml.g6.16xlarge',
      'ml.g6.24xlarge', 'ml.g6.48xlarge', 'ml.g6e.xlarge', 'ml.g6e.2xlarge', 'ml.g6e.4xlarge',
      'ml.g6e.8xlarge', 'ml.g6e.12xlarge', 'ml.g6e.16xlarge', 'ml.g6e.24xlarge', 'ml.g6e.48xlarge',
      'ml.m6i.large', 'ml.m6i.xlarge', 'ml.m6i.2xlarge', 'ml.m6i.4xlarge', 'ml.m6i.8xlarge',
      'ml.m6i.12xlarge', 'ml.m6i.16xlarge', 'ml.m6i.24xlarge', 'ml.m6i.32xlarge', 'ml.c6i.xlarge',
      'ml.c6i.2xlarge', 'ml.c6i.4xlarge', 'ml.c6i.8xlarge', 'ml.c6i.12xlarge', 'ml.c6i.16xlarge',
      'ml.c6i.24xlarge', 'ml.c6i.32xlarge', 'ml.m7i.large', 'ml.m7i.xlarge', 'ml.m7i.2xlarge',
      'ml.m7i.4xlarge', 'ml.m7i.8xlarge', 'ml.m7i.12xlarge', 'ml.m7i.16xlarge', 'ml.m7i.24xlarge',
      'ml.m7i.48xlarge', 'ml.c7i.large', 'ml.c7i.xlarge', 'ml.c7i.2xlarge', 'ml.c7i.4xlarge',
      'ml.c7i.8xlarge', 'ml.c7i.12xlarge', 'ml.c7i.16xlarge', 'ml.c7i.24xlarge', 'ml.c7i.48xlarge',
      'ml.r7i.large', 'ml.r7i.xlarge', 'ml.r7i.2xlarge', 'ml.r7i.4xlarge', 'ml.r7i.8xlarge',
      'ml.r7i.12xlarge', 'ml.r7i.16xlarge', 'ml.r7i.24xlarge', 'ml.r7i.48xlarge', 'ml.p5.4xlarge',
      'ml.g7e.2xlarge', 'ml.g7e.4xlarge', 'ml.g7e.8xlarge', 'ml.g7e.12xlarge', 'ml.g7e.24xlarge',
      'ml.g7e.48xlarge',
    ],
  },
  ProfilerConfig: {
    type: 'structure',
    members: {
      S3OutputPath: 'S3Uri',
      ProfilingIntervalInMilliseconds: 'ProfilingIntervalInMilliseconds',
      ProfilingParameters: 'ProfilingParameters',
      DisableProfiler: 'DisableProfiler',
    },
  },
  ProfilerRuleConfiguration: {
    type: 'structure',
    required: ['RuleConfigurationName', 'RuleEvaluatorImage'],
    members: {
      RuleConfigurationName: 'RuleConfigurationName',
      LocalPath: 'DirectoryPath',
      S3OutputPath: 'S3Uri',
      RuleEvaluatorImage: 'AlgorithmImage',
      InstanceType: 'ProcessingInstanceType',
      VolumeSizeInGB: 'OptionalVolumeSizeInGB',
      RuleParameters: 'RuleParameters',
    },
  },
  ProfilerRuleConfigurations: { type: 'list', min: 0, max: 20, member: 'ProfilerRuleConfiguration' },
  ProfilingIntervalInMilliseconds: { type: 'long' },
  ProfilingParameters: { type: 'map', min: 0, max: 20, key: 'ConfigKey', value: 'ConfigValue' },
  RecordWrapper: {
    type: 'string',
    enum: [
      'None', 'RecordIO',
    ],
  },
  RemoteDebugConfig: {
    type: 'structure',
    members: {
      EnableRemoteDebug: 'EnableRemoteDebug',
    },
  },
  ResourceConfig: {
    type: 'structure',
    sdkOnlyMembers: ['InstancePreferences', 'SelectedInstanceCount', 'SelectedInstanceType'],
    members: {
      InstanceType: 'TrainingInstanceType',
      InstanceCount: 'TrainingInstanceCount',
      VolumeSizeInGB: 'OptionalVolumeSizeInGB',
      VolumeKmsKeyId: 'KmsKeyId',
      KeepAlivePeriodInSeconds: 'KeepAlivePeriodInSeconds',
      InstanceGroups: 'InstanceGroups',
      TrainingPlanArn: 'TrainingPlanArn',
      InstancePlacementConfig: 'InstancePlacementConfig',
    },
  },
  RetryStrategy: {
    type: 'structure',
    required: ['MaximumRetryAttempts'],
    members: {
      MaximumRetryAttempts: 'MaximumRetryAttempts',
    },
  },
  RoleArn: {
    type: 'string',
    min: 20,
    max: 2048,
    pattern: 'arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+',
  },
  RuleConfigurationName: { type: 'string', min: 1, max: 256, pattern: '.*' },
  RuleParameters: { type: 'map', min: 0, max: 100, key: 'ConfigKey', value: 'ConfigValue' },
  S3DataDistribution: {
    type: 'string',
    enum: [
      'FullyReplicated', 'ShardedByS3Key',
    ],
  },
  S3DataSource: {
    type: 'structure',
    required: ['S3DataType', 'S3Uri'],
    members: {
      S3DataType: 'S3DataType',
      S3Uri: 'S3Uri',
      S3DataDistributionType: 'S3DataDistribution',
      AttributeNames: 'AttributeNames',
      InstanceGroupNames: 'InstanceGroupNames',
      ModelAccessConfig: 'ModelAccessConfig',
      HubAccessConfig: 'HubAccessConfig',
    },
  },
  S3DataType: {
    type: 'string',
    enum: [
      'ManifestFile', 'S3Prefix', 'AugmentedManifestFile', 'Converse',
    ],
  },
  S3Uri: { type: 'string', min: 0, max: 1024, pattern: '(https|s3)://([^/]+)/?(.*)' },
  SecurityGroupId: { type: 'string', min: 0, max: 32, pattern: '[-0-9a-zA-Z]+' },
  Seed: { type: 'long' },
  ServerlessJobBaseModelArn: {
    type: 'string',
    min: 1,
    max: 2048,
    pattern: '(arn:[a-z0-9-\\.]{1,63}:sagemaker:\\w+(?:-\\w+)+:(\\d{12}|aws):hub-content\\/)[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}\\/Model\\/[a-zA-Z0-9](-*[a-zA-Z0-9]){0,63}(\\/\\d{1,4}.\\d{1,4}.\\d{1,4})?',
  },
  ServerlessJobConfig: {
    type: 'structure',
    required: ['BaseModelArn', 'JobType'],
    sdkOnlyMembers: ['SequenceLength'],
    members: {
      BaseModelArn: 'ServerlessJobBaseModelArn',
      AcceptEula: 'AcceptEula',
      JobType: 'ServerlessJobType',
      CustomizationTechnique: 'CustomizationTechnique',
      Peft: 'Peft',
      EvaluationType: 'EvaluationType',
      EvaluatorArn: 'EvaluatorArn',
    },
  },
  ServerlessJobType: {
    type: 'string',
    enum: [
      'FineTuning', 'Evaluation',
    ],
  },
  SessionChainingConfig: {
    type: 'structure',
    members: {
      EnableSessionTagChaining: 'EnableSessionTagChaining',
    },
  },
  ShuffleConfig: {
    type: 'structure',
    required: ['Seed'],
    members: {
      Seed: 'Seed',
    },
  },
  StoppingCondition: {
    type: 'structure',
    members: {
      MaxRuntimeInSeconds: 'MaxRuntimeInSeconds',
      MaxWaitTimeInSeconds: 'MaxWaitTimeInSeconds',
      MaxPendingTimeInSeconds: 'MaxPendingTimeInSeconds',
    },
  },
  String256: { type: 'string', min: 0, max: 256 },
  SubnetId: { type: 'string', min: 0, max: 32, pattern: '[-0-9a-zA-Z]+' },
  Subnets: { type: 'list', min: 1, max: 16, member: 'SubnetId' },
  Tag: {
    type: 'structure',
    required: ['Key', 'Value'],
    members: {
      Key: 'TagKey',
      Value: 'TagValue',
    },
  },
  TagKey: { type: 'string', min: 1, max: 128, pattern: '([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)' },
  TagList: { type: 'list', min: 0, max: 50, member: 'Tag' },
  TagValue: { type: 'string', min: 0, max: 256, pattern: '([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)' },
  TensorBoardOutputConfig: {
    type: 'structure',
    required: ['S3OutputPath'],
    members: {
      LocalPath: 'DirectoryPath',
      S3OutputPath: 'S3Uri',
    },
  },
  TrainingContainerArgument: { type: 'string', min: 0, max: 256, pattern: '.*' },
  TrainingContainerArguments: { type: 'list', min: 1, max: 100, member: 'TrainingContainerArgument' },
  TrainingContainerEntrypoint: { type: 'list', min: 1, max: 100, member: 'TrainingContainerEntrypointString' },
  TrainingContainerEntrypointString: { type: 'string', min: 0, max: 256, pattern: '.*' },
  TrainingEnvironmentKey: { type: 'string', min: 0, max: 512, pattern: '[a-zA-Z_][a-zA-Z0-9_]*' },
  TrainingEnvironmentMap: {
    type: 'map',
    min: 0,
    max: 100,
    key: 'TrainingEnvironmentKey',
    value: 'TrainingEnvironmentValue',
  },
  TrainingEnvironmentValue: { type: 'string', min: 0, max: 512, pattern: '[\\S\\s]*' },
  TrainingImageConfig: {
    type: 'structure',
    required: ['TrainingRepositoryAccessMode'],
    members: {
      TrainingRepositoryAccessMode: 'TrainingRepositoryAccessMode',
      TrainingRepositoryAuthConfig: 'TrainingRepositoryAuthConfig',
    },
  },
  TrainingInputMode: {
    type: 'string',
    enum: [
      'Pipe', 'File', 'FastFile',
    ],
  },
  TrainingInstanceCount: { type: 'integer', min: 0 },
  TrainingInstanceType: {
    type: 'string',
    enum: [
      'ml.m4.xlarge', 'ml.m4.2xlarge', 'ml.m4.4xlarge', 'ml.m4.10xlarge', 'ml.m4.16xlarge', 'ml.g4dn.xlarge',
      'ml.g4dn.2xlarge', 'ml.g4dn.4xlarge', 'ml.g4dn.8xlarge', 'ml.g4dn.12xlarge', 'ml.g4dn.16xlarge',
      'ml.m5.large', 'ml.m5.xlarge', 'ml.m5.2xlarge', 'ml.m5.4xlarge', 'ml.m5.12xlarge', 'ml.m5.24xlarge',
      'ml.c4.xlarge', 'ml.c4.2xlarge', 'ml.c4.4xlarge', 'ml.c4.8xlarge', 'ml.p2.xlarge', 'ml.p2.8xlarge',
      'ml.p2.16xlarge', 'ml.p3.2xlarge', 'ml.p3.8xlarge', 'ml.p3.16xlarge', 'ml.p3dn.24xlarge',
      'ml.p4d.24xlarge', 'ml.p4de.24xlarge', 'ml.p5.48xlarge', 'ml.p5e.48xlarge', 'ml.p5en.48xlarge',
      'ml.c5.xlarge', 'ml.c5.2xlarge', 'ml.c5.4xlarge', 'ml.c5.9xlarge', 'ml.c5.18xlarge', 'ml.c5n.xlarge',
      'ml.c5n.2xlarge', 'ml.c5n.4xlarge', 'ml.c5n.9xlarge', 'ml.c5n.18xlarge', 'ml.g5.xlarge',
      'ml.g5.2xlarge', 'ml.g5.4xlarge', 'ml.g5.8xlarge', 'ml.g5.16xlarge', 'ml.g5.12xlarge',
      'ml.g5.24xlarge', 'ml.g5.48xlarge', 'ml.g6.xlarge', 'ml.g6.2xlarge', 'ml.g6.4xlarge', 'ml.g6.8xlarge',
      'ml.g6.16xlarge', 'ml.g6.12xlarge', 'ml.g6.24xlarge', 'ml.g6.48xlarge', 'ml.g6e.xlarge',
      'ml.g6e.2xlarge', 'ml.g6e.4xlarge', 'ml.g6e.8xlarge', 'ml.g6e.16xlarge', 'ml.g6e.12xlarge',
      'ml.g6e.24xlarge', 'ml.g6e.48xlarge', 'ml.trn1.2xlarge', 'ml.trn1.32xlarge', 'ml.trn1n.32xlarge',
      'ml.trn2.48xlarge', 'ml.m6i.large', 'ml.m6i.xlarge', 'ml.m6i.2xlarge', 'ml.m6i.4xlarge',
      'ml.m6i.8xlarge', 'ml.m6i.12xlarge', 'ml.m6i.16xlarge', 'ml.m6i.24xlarge', 'ml.m6i.32xlarge',
      'ml.c6i.xlarge', 'ml.c6i.2xlarge', 'ml.c6i.8xlarge', 'ml.c6i.4xlarge', 'ml.c6i.12xlarge',
      'ml.c6i.16xlarge', 'ml.c6i.24xlarge', 'ml.c6i.32xlarge', 'ml.r5d.large', 'ml.r5d.xlarge',
      'ml.r5d.2xlarge', 'ml.r5d.4xlarge', 'ml.r5d.8xlarge', 'ml.r5d.12xlarge', 'ml.r5d.16xlarge',
      'ml.r5d.24xlarge', 'ml.t3.medium', 'ml.t3.large', 'ml.t3.xlarge', 'ml.t3.2xlarge', 'ml.r5.large',
      'ml.r5.xlarge', 'ml.r5.2xlarge', 'ml.r5.4xlarge', 'ml.r5.8xlarge', 'ml.r5.12xlarge', 'ml.r5.16xlarge',
      'ml.r5.24xlarge', 'ml.p6-b200.48xlarge', 'ml.m7i.large', 'ml.m7i.xlarge', 'ml.m7i.2xlarge',
      'ml.m7i.4xlarge', 'ml.m7i.8xlarge', 'ml.m7i.12xlarge', 'ml.m7i.16xlarge', 'ml.m7i.24xlarge',
      'ml.m7i.48xlarge', 'ml.c7i.large', 'ml.c7i.xlarge', 'ml.c7i.2xlarge', 'ml.c7i.4xlarge',
      'ml.c7i.8xlarge', 'ml.c7i.12xlarge', 'ml.c7i.16xlarge', 'ml.c7i.24xlarge', 'ml.c7i.48xlarge',
      'ml.r7i.large', 'ml.r7i.xlarge', 'ml.r7i.2xlarge', 'ml.r7i.4xlarge', 'ml.r7i.8xlarge',
      'ml.r7i.12xlarge', 'ml.r7i.16xlarge', 'ml.r7i.24xlarge', 'ml.r7i.48xlarge', 'ml.p6e-gb200.36xlarge',
      'ml.p5.4xlarge', 'ml.p6-b300.48xlarge', 'ml.g7e.2xlarge', 'ml.g7e.4xlarge', 'ml.g7e.8xlarge',
      'ml.g7e.12xlarge', 'ml.g7e.24xlarge', 'ml.g7e.48xlarge',
    ],
  },
  TrainingJobName: { type: 'string', min: 1, max: 63, pattern: '[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}' },
  TrainingPlanArn: {
    type: 'string',
    min: 50,
    max: 2048,
    pattern: 'arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:training-plan/.*',
  },
  TrainingRepositoryAccessMode: {
    type: 'string',
    enum: [
      'Platform', 'Vpc',
    ],
  },
  TrainingRepositoryAuthConfig: {
    type: 'structure',
    required: ['TrainingRepositoryCredentialsProviderArn'],
    members: {
      TrainingRepositoryCredentialsProviderArn: 'TrainingRepositoryCredentialsProviderArn',
    },
  },
  TrainingRepositoryCredentialsProviderArn: {
    type: 'string',
    min: 1,
    max: 2048,
    pattern: 'arn:[\\p{Alnum}\\-]+:lambda:[\\p{Alnum}\\-]+:[0-9]{12}:function:.*',
  },
  VpcConfig: {
    type: 'structure',
    required: ['SecurityGroupIds', 'Subnets'],
    members: {
      SecurityGroupIds: 'VpcSecurityGroupIds',
      Subnets: 'Subnets',
    },
  },
  VpcSecurityGroupIds: { type: 'list', min: 1, max: 5, member: 'SecurityGroupId' },
};

/** Model pattern (Java syntax) -> JavaScript RegExp source, anchored, for the `u` flag. */
export const PATTERNS: Readonly<Record<string, string>> = {
  '([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)':
    '^(?:([\\p{L}\\p{Z}\\p{N}_\\.:\\/=\\+\\-@]*))$',
  '(arn:[a-z0-9-\\.]{1,63}:sagemaker:\\w+(?:-\\w+)+:(\\d{12}|aws):hub-content\\/)[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}\\/DataSet\\/[a-zA-Z0-9](-*[a-zA-Z0-9]){0,63}(\\/\\d{1,4}.\\d{1,4}.\\d{1,4})?':
    '^(?:(arn:[a-z0-9\\-\\.]{1,63}:sagemaker:\\w+(?:-\\w+)+:(\\d{12}|aws):hub-content\\/)[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}\\/DataSet\\/[a-zA-Z0-9](-*[a-zA-Z0-9]){0,63}(\\/\\d{1,4}[^\\n\\r\\u0085\\u2028\\u2029]\\d{1,4}[^\\n\\r\\u0085\\u2028\\u2029]\\d{1,4})?)$',
  '(arn:[a-z0-9-\\.]{1,63}:sagemaker:\\w+(?:-\\w+)+:(\\d{12}|aws):hub-content\\/)[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}\\/Model\\/[a-zA-Z0-9](-*[a-zA-Z0-9]){0,63}(\\/\\d{1,4}.\\d{1,4}.\\d{1,4})?':
    '^(?:(arn:[a-z0-9\\-\\.]{1,63}:sagemaker:\\w+(?:-\\w+)+:(\\d{12}|aws):hub-content\\/)[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}\\/Model\\/[a-zA-Z0-9](-*[a-zA-Z0-9]){0,63}(\\/\\d{1,4}[^\\n\\r\\u0085\\u2028\\u2029]\\d{1,4}[^\\n\\r\\u0085\\u2028\\u2029]\\d{1,4})?)$',
  '(arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:[a-z\\-]*\\/)?([a-zA-Z0-9]([a-zA-Z0-9-]){0,62})(?<!-)':
    '^(?:(arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:[a-z\\-]*\\/)?([a-zA-Z0-9]([a-zA-Z0-9\\-]){0,62})(?<!-))$',
  '(fs-[0-9a-f]{8,})':
    '^(?:(fs-[0-9a-f]{8,}))$',
  '(https|s3)://([^/]+)/?(.*)':
    '^(?:(https|s3):\\/\\/([^\\/]+)\\/?([^\\n\\r\\u0085\\u2028\\u2029]*))$',
  '.*':
    '^(?:[^\\n\\r\\u0085\\u2028\\u2029]*)$',
  '.+':
    '^(?:[^\\n\\r\\u0085\\u2028\\u2029]+)$',
  '[-0-9a-zA-Z]+':
    '^(?:[\\-0-9a-zA-Z]+)$',
  '[A-Za-z0-9\\.\\-_]+':
    '^(?:[A-Za-z0-9\\.\\-_]+)$',
  '[\\S\\s]*':
    '^(?:[\\s\\S]*)$',
  '[a-zA-Z0-9:/_-]*':
    '^(?:[a-zA-Z0-9:\\/_\\-]*)$',
  '[a-zA-Z0-9](-*[a-zA-Z0-9]){0,119}':
    '^(?:[a-zA-Z0-9](-*[a-zA-Z0-9]){0,119})$',
  '[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}':
    '^(?:[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62})$',
  '[a-zA-Z_][a-zA-Z0-9_]*':
    '^(?:[a-zA-Z_][a-zA-Z0-9_]*)$',
  'arn:[\\p{Alnum}\\-]+:lambda:[\\p{Alnum}\\-]+:[0-9]{12}:function:.*':
    '^(?:arn:[A-Za-z0-9\\-]+:lambda:[A-Za-z0-9\\-]+:[0-9]{12}:function:[^\\n\\r\\u0085\\u2028\\u2029]*)$',
  'arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+':
    '^(?:arn:aws[a-z\\-]*:iam::\\d{12}:role\\/?[a-zA-Z_0-9\\+=,\\.@\\-_\\/]+)$',
  'arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:mlflow-[a-zA-Z-]*/.*':
    '^(?:arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:mlflow-[a-zA-Z\\-]*\\/[^\\n\\r\\u0085\\u2028\\u2029]*)$',
  'arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:training-plan/.*':
    '^(?:arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:training-plan\\/[^\\n\\r\\u0085\\u2028\\u2029]*)$',
  'arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]{9,16}:[0-9]{12}:model-package-group/[\\S]{1,2048}':
    '^(?:arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]{9,16}:[0-9]{12}:model-package-group\\/[^\\t\\n\\x0B\\f\\r ]{1,2048})$',
  'arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]{9,16}:[0-9]{12}:model-package/[\\S]{1,2048}':
    '^(?:arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]{9,16}:[0-9]{12}:model-package\\/[^\\t\\n\\x0B\\f\\r ]{1,2048})$',
};

/** The TrainingInstanceType enum of the model, sorted. */
export const TRAINING_INSTANCE_TYPES = [
  'ml.c4.2xlarge', 'ml.c4.4xlarge', 'ml.c4.8xlarge', 'ml.c4.xlarge', 'ml.c5.18xlarge', 'ml.c5.2xlarge',
  'ml.c5.4xlarge', 'ml.c5.9xlarge', 'ml.c5.xlarge', 'ml.c5n.18xlarge', 'ml.c5n.2xlarge', 'ml.c5n.4xlarge',
  'ml.c5n.9xlarge', 'ml.c5n.xlarge', 'ml.c6i.12xlarge', 'ml.c6i.16xlarge', 'ml.c6i.24xlarge',
  'ml.c6i.2xlarge', 'ml.c6i.32xlarge', 'ml.c6i.4xlarge', 'ml.c6i.8xlarge', 'ml.c6i.xlarge',
  'ml.c7i.12xlarge', 'ml.c7i.16xlarge', 'ml.c7i.24xlarge', 'ml.c7i.2xlarge', 'ml.c7i.48xlarge',
  'ml.c7i.4xlarge', 'ml.c7i.8xlarge', 'ml.c7i.large', 'ml.c7i.xlarge', 'ml.g4dn.12xlarge',
  'ml.g4dn.16xlarge', 'ml.g4dn.2xlarge', 'ml.g4dn.4xlarge', 'ml.g4dn.8xlarge', 'ml.g4dn.xlarge',
  'ml.g5.12xlarge', 'ml.g5.16xlarge', 'ml.g5.24xlarge', 'ml.g5.2xlarge', 'ml.g5.48xlarge', 'ml.g5.4xlarge',
  'ml.g5.8xlarge', 'ml.g5.xlarge', 'ml.g6.12xlarge', 'ml.g6.16xlarge', 'ml.g6.24xlarge', 'ml.g6.2xlarge',
  'ml.g6.48xlarge', 'ml.g6.4xlarge', 'ml.g6.8xlarge', 'ml.g6.xlarge', 'ml.g6e.12xlarge', 'ml.g6e.16xlarge',
  'ml.g6e.24xlarge', 'ml.g6e.2xlarge', 'ml.g6e.48xlarge', 'ml.g6e.4xlarge', 'ml.g6e.8xlarge',
  'ml.g6e.xlarge', 'ml.g7e.12xlarge', 'ml.g7e.24xlarge', 'ml.g7e.2xlarge', 'ml.g7e.48xlarge',
  'ml.g7e.4xlarge', 'ml.g7e.8xlarge', 'ml.m4.10xlarge', 'ml.m4.16xlarge', 'ml.m4.2xlarge', 'ml.m4.4xlarge',
  'ml.m4.xlarge', 'ml.m5.12xlarge', 'ml.m5.24xlarge', 'ml.m5.2xlarge', 'ml.m5.4xlarge', 'ml.m5.large',
  'ml.m5.xlarge', 'ml.m6i.12xlarge', 'ml.m6i.16xlarge', 'ml.m6i.24xlarge', 'ml.m6i.2xlarge',
  'ml.m6i.32xlarge', 'ml.m6i.4xlarge', 'ml.m6i.8xlarge', 'ml.m6i.large', 'ml.m6i.xlarge', 'ml.m7i.12xlarge',
  'ml.m7i.16xlarge', 'ml.m7i.24xlarge', 'ml.m7i.2xlarge', 'ml.m7i.48xlarge', 'ml.m7i.4xlarge',
  'ml.m7i.8xlarge', 'ml.m7i.large', 'ml.m7i.xlarge', 'ml.p2.16xlarge', 'ml.p2.8xlarge', 'ml.p2.xlarge',
  'ml.p3.16xlarge', 'ml.p3.2xlarge', 'ml.p3.8xlarge', 'ml.p3dn.24xlarge', 'ml.p4d.24xlarge',
  'ml.p4de.24xlarge', 'ml.p5.48xlarge', 'ml.p5.4xlarge', 'ml.p5e.48xlarge', 'ml.p5en.48xlarge',
  'ml.p6-b200.48xlarge', 'ml.p6-b300.48xlarge', 'ml.p6e-gb200.36xlarge', 'ml.r5.12xlarge', 'ml.r5.16xlarge',
  'ml.r5.24xlarge', 'ml.r5.2xlarge', 'ml.r5.4xlarge', 'ml.r5.8xlarge', 'ml.r5.large', 'ml.r5.xlarge',
  'ml.r5d.12xlarge', 'ml.r5d.16xlarge', 'ml.r5d.24xlarge', 'ml.r5d.2xlarge', 'ml.r5d.4xlarge',
  'ml.r5d.8xlarge', 'ml.r5d.large', 'ml.r5d.xlarge', 'ml.r7i.12xlarge', 'ml.r7i.16xlarge', 'ml.r7i.24xlarge',
  'ml.r7i.2xlarge', 'ml.r7i.48xlarge', 'ml.r7i.4xlarge', 'ml.r7i.8xlarge', 'ml.r7i.large', 'ml.r7i.xlarge',
  'ml.t3.2xlarge', 'ml.t3.large', 'ml.t3.medium', 'ml.t3.xlarge', 'ml.trn1.2xlarge', 'ml.trn1.32xlarge',
  'ml.trn1n.32xlarge', 'ml.trn2.48xlarge',
] as const;

/** One value of the model's TrainingInstanceType enum. */
export type ModelTrainingInstanceType = (typeof TRAINING_INSTANCE_TYPES)[number];
