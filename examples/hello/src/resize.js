// An object created under uploads/ in the app bucket (an EventBridge "Object Created" event).
export const handler = async (event) => {
  const { bucket, object } = event.detail;
  console.log(`resize s3://${bucket.name}/${object.key} (${object.size} bytes)`);
  return { resized: object.key.replace(/^uploads\//, "thumbnails/") };
};
