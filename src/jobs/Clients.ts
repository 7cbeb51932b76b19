import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';

/** The three AWS SDK v3 clients sagemaker-bench works with. Build them with `createClients()` or bring your own. */
export interface Clients {
  /** Creates, describes and stops training jobs. */
  sagemaker: SageMakerClient;
  /** Reads training logs written to S3. */
  s3: S3Client;
  /** Reads training logs in CloudWatch Logs. */
  logs: CloudWatchLogsClient;
}
