// Invoked with the SDK (no trigger): a report of the day's orders.
export const handler = async (event) => {
  console.log(`report for ${event.day ?? "today"}`);
  return { orders: 0 };
};
