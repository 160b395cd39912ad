# door
