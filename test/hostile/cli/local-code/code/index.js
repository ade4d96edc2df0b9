exports.handler = async () => "hi";
