// Subscribed to every message of the topic.
export const handler = async (event) => {
  console.log(JSON.stringify(event, null, 2));
};
