// Subscribed to the topic's messages whose `color` attribute is red only.
export const handler = async (event) => {
  console.log("Consumer RED");
  console.log(JSON.stringify(event, null, 2));
};
