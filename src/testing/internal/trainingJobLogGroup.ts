/** Where SageMaker training jobs write their CloudWatch streams (`<job>/algo-<n>-<epoch seconds>`). Internal. */
export const TRAINING_JOB_LOG_GROUP = '/aws/sagemaker/TrainingJobs';
