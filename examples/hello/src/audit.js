// A new item in the app table (an INSERT change, as the table bridge puts it on EventBridge).
export const handler = async (event) => {
  console.log(`audit ${event["detail-type"]} ${JSON.stringify(event.detail.keys)}`);
  return { audited: true };
};
