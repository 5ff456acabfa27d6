/**
 * The bucket the extractors write to: encrypted, private, TLS only, access
 * logged, retained when the stack is deleted, versioned.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Props of {@link ExtractorBucket}. */
export interface ExtractorBucketProps {
  /**
   * Write server access logs to a second bucket created for them.
   * @default true
   */
  readonly accessLogs?: boolean;
  /**
   * Days to keep noncurrent object versions (overwritten or deleted objects).
   * @default 30
   */
  readonly noncurrentVersionDays?: number;
  /**
   * Days to keep server access logs.
   * @default 365
   */
  readonly accessLogDays?: number;
}

/**
 * A new output bucket (with its access-log bucket).
 *
 * Versioning is on: runs only add objects (data parts, then the manifest that
 * commits them), so versions cost little, and they make an accidental delete or
 * overwrite of extracted data recoverable. Noncurrent versions (the state
 * pointer rewritten by every run, deleted scratch files) expire after
 * `noncurrentVersionDays`, and incomplete multipart uploads of runs that were
 * cut off are aborted after 7 days, so neither accrues cost.
 */
export class ExtractorBucket extends Construct {
  /** The output bucket. */
  readonly bucket: s3.Bucket;
  /** The access-log bucket, when `accessLogs` is on. */
  readonly accessLogsBucket: s3.Bucket | undefined;

  constructor(scope: Construct, id: string, props: ExtractorBucketProps = {}) {
    super(scope, id);
    if (props.accessLogs ?? true) {
      this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
        // Server access log delivery supports SSE-S3 only.
        encryption: s3.BucketEncryption.S3_MANAGED,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        enforceSSL: true,
        removalPolicy: RemovalPolicy.RETAIN,
        lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(props.accessLogDays ?? 365) }],
      });
      Validations.of(this.accessLogsBucket).acknowledge({
        id: 'AwsSolutions-S1',
        reason: 'This is the access-log bucket itself; logging it into itself (or a third bucket) would recurse without adding an audit trail.',
      });
    }
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: this.accessLogsBucket ? 'extractor-bucket/' : undefined,
      lifecycleRules: [
        {
          id: 'expire-noncurrent-versions-and-abandoned-uploads',
          noncurrentVersionExpiration: Duration.days(props.noncurrentVersionDays ?? 30),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    });
    if (!this.accessLogsBucket) {
      Validations.of(this.bucket).acknowledge({
        id: 'AwsSolutions-S1',
        reason: 'Access logging was turned off on purpose (accessLogs: false); CloudTrail data events are the alternative audit trail.',
      });
    }
  }
}
