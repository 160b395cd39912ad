# domain
